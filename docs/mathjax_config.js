// MathJax 2 configuration for the workbook's pages (Doxygen's MATHJAX_CODEFILE, see
// docs/CMakeLists.txt): the TeX macros, and a record of what went wrong, for the docs_render
// test (docs/check_render.cmake).

// The macros. Listed with their meaning on the notation page (docs/notation.md); keep the two
// in step.
MathJax.Hub.Config({
  TeX: {
    Macros: {
      R: "{\\mathbb{R}}",                                        // \R^{d \times n}
      pd: ["{\\frac{\\partial #1}{\\partial #2}}", 2],           // \pd{J}{\mathbf{z}}
      softmax: "{\\operatorname{softmax}}",                     // \softmax(\mathbf{o})
      onehot: "{\\operatorname{onehot}}",                       // \onehot(y)
      ReLU: "{\\operatorname{ReLU}}",                           // \ReLU(z)
      prodop: "{\\operatorname{prod}}"                          // the notes' prod(·, ·)
    }
  }
});

// Once the page is typeset, <body data-wb-mathjax="ok">, or "errors: ..." listing each TeX
// error (an undefined macro, a missing brace), file that failed to load, or processing error.
(function () {
  var errors = [];
  MathJax.Hub.Register.MessageHook("TeX Jax - parse error", function (m) {
    errors.push("TeX error: " + m[1] + " in " + (m[2] || ""));
  });
  MathJax.Hub.Register.MessageHook("file load error", function (m) {
    errors.push("cannot load " + m[1]);
  });
  MathJax.Hub.Register.MessageHook("Math Processing Error", function (m) {
    errors.push("processing error: " + (m[2] && m[2].message));
  });
  MathJax.Hub.Register.StartupHook("End", function () {
    document.body.setAttribute("data-wb-mathjax", errors.length ? "errors: " + errors.join(" | ") : "ok");
  });
})();
