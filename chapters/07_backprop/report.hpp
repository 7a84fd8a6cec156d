/// \file
/// \brief What the chapter 7 program reports besides its tables: the memory the backward pass
/// keeps from the forward pass and the partial derivatives it stores, and the export of every
/// quantity for another framework. Included by `main.cpp` and the chapter test.
#pragma once

#include <fmt/format.h>

#include <algorithm>
#include <armadillo>
#include <filesystem>
#include <string>
#include <vector>

#include "07_backprop/graph.hpp"
#include "wb/error.hpp"
#include "wb/output_file.hpp"

namespace wb::ch7 {

// ------------------------------------------------------------------------------------------
// Memory: what the backward pass keeps from the forward pass
// ------------------------------------------------------------------------------------------

/// Values per example the backward pass needs from the forward pass: x (E1), z (D), h (E2),
/// o (B2); plus the label. Inference keeps none of them: each layer's output replaces its
/// input, so at most two layers' values are alive at once.
struct MemoryAccount {
  arma::uword kept = 0;       ///< d + h + h + q values per example kept for training
  arma::uword inference = 0;  ///< the largest d + h or h + q: alive at once in inference
};

/// The memory account of a network of sizes `s`, per example:
/// \f[ \text{kept} = d + 2h + q, \qquad \text{inference} = \max(d + h,\ h + q) \f]
inline MemoryAccount memory_account(const Sizes& s) {
  MemoryAccount m;
  m.kept = s.d + s.h + s.h + s.q;
  m.inference = std::max(s.d + s.h, s.h + s.q);
  return m;
}

/// The program's paragraph on memory, for sizes `s` and a batch of `n`, and for chapter 2's
/// 784-256-10 network with minibatches of 256 (float), in bytes:
/// \f[ 8\,(d + 2h + q)\ \text{per example in double},\qquad 4 \cdot 1306 \cdot 256 \approx 1.28\ \text{MiB} \f]
inline std::string memory_report(const Sizes& s, arma::uword n) {
  const MemoryAccount m = memory_account(s);
  const MemoryAccount big = memory_account({784, 256, 10});
  return fmt::format(
             "Memory: to run B2, D, E1 and E2 the backward pass keeps from the forward pass, per example,\n"
             "  x ({} values, for E1: dJ/dz xᵀ), z ({}, for D: φ′(z)), h ({}, for E2: dJ/do hᵀ),\n"
             "  o ({}, for B2: softmax(o) − onehot(y)), plus the label: {} values = {} bytes in double\n"
             "  (this check), {} bytes in float (training); {} bytes in double for this batch of {}.\n",
             s.d, s.h, s.h, s.q, m.kept, 8 * m.kept, 4 * m.kept, 8 * m.kept * n, n) +
         fmt::format(
             "  Chapter 2's 784-256-10 network keeps {} values = {} bytes per example in float, {:.2f} MiB\n"
             "  for a minibatch of 256. Inference keeps nothing: each layer's output can replace its input,\n"
             "  so at most {} values ({} bytes in float) are alive per example. Training needs more memory\n"
             "  than prediction, growing with depth and batch size: what 前向传播 computes, 反向传播 reuses.\n",
             big.kept, 4 * big.kept, 4.0 * double(big.kept) * 256 / (1024 * 1024), big.inference,
             4 * big.inference);
}

// ------------------------------------------------------------------------------------------
// Memory: the partial derivatives the backward pass stores (中间存储所需要的偏导数)
// ------------------------------------------------------------------------------------------

/// One quantity the backward pass of the notes' graph needs: its number of values, the step
/// that computes it and the last step that reads it. Steps: 0 the forward pass, 1 A, 2 B1,
/// 3 B2, 4 C, 5 D, 6 E1, 7 E2, 8 the SGD step (which reads ∂J/∂W⁽¹⁾ and ∂J/∂W⁽²⁾).
struct Lifetime {
  const char* name;
  arma::uword values;
  int computed, last_read;
  bool partial;  ///< a partial derivative, not a forward value
};

/// The quantities of the notes' graph for sizes `s` and a batch of `n`. With `store_decay`
/// false, B1's λW is added into ∂J/∂W as E1 and E2 compute it and never stored whole.
inline std::vector<Lifetime> lifetimes(const Sizes& s, arma::uword n, bool store_decay = true) {
  const arma::uword d = s.d, h = s.h, q = s.q, decay = store_decay ? 1 : 0;
  return {{"x", n * d, 0, 6, false},          {"z", n * h, 0, 5, false},
          {"h", n * h, 0, 7, false},          {"o", n * q, 0, 3, false},
          {"dJ/dL, dJ/ds", 2, 1, 7, true},    {"ds/dW1", decay * h * d, 2, 6, true},
          {"ds/dW2", decay * q * h, 2, 7, true}, {"dJ/do", n * q, 3, 7, true},
          {"dJ/dh", n * h, 4, 5, true},       {"dJ/dz", n * h, 5, 6, true},
          {"dJ/dW1", h * d, 6, 8, true},      {"dJ/dW2", q * h, 7, 8, true}};
}

/// The values alive while one equation of the backward pass runs.
struct Alive {
  const char* equation;
  arma::uword forward = 0;   ///< forward values still to be read
  arma::uword partials = 0;  ///< partial derivatives computed and still to be read
  arma::uword total() const { return forward + partials; }
};

/// For each equation A … E2, the values alive while it runs: those computed at or before it
/// and read at or after it.
inline std::vector<Alive> backward_walk(const Sizes& s, arma::uword n, bool store_decay = true) {
  const char* equations[] = {"A", "B1", "B2", "C", "D", "E1", "E2"};
  std::vector<Alive> walk;
  for (int step = 1; step <= 7; ++step) {
    Alive a{equations[step - 1]};
    for (const Lifetime& l : lifetimes(s, n, store_decay))
      if (l.computed <= step && step <= l.last_read) (l.partial ? a.partials : a.forward) += l.values;
    walk.push_back(a);
  }
  return walk;
}

/// The step of `walk` with the most values alive.
inline Alive peak(const std::vector<Alive>& walk) {
  return *std::max_element(walk.begin(), walk.end(),
                           [](const Alive& a, const Alive& b) { return a.total() < b.total(); });
}

/// The program's paragraph on the backward pass's own storage, for chapter 2's 784-256-10
/// network and a minibatch of `n` in float.
inline std::string backward_memory_report(arma::uword n) {
  const Sizes s{784, 256, 10};
  const auto mib = [](arma::uword values) { return 4.0 * double(values) / (1024 * 1024); };
  const std::vector<Alive> walk = backward_walk(s, n);
  std::string text = fmt::format(
      "\nThe backward pass stores partial derivatives too (中间存储所需要的偏导数). Values alive while\n"
      "each equation runs, chapter 2's network, a minibatch of {}, float:\n"
      "  equation  forward values  partial derivatives     total      MiB\n", n);
  for (const Alive& a : walk)
    text += fmt::format("  {:<8}  {:>14}  {:>19}  {:>8}  {:>7.2f}\n", a.equation, a.forward, a.partials, a.total(),
                        mib(a.total()));
  const Alive top = peak(walk), fused = peak(backward_walk(s, n, false));
  const arma::uword kept = n * memory_account(s).kept;
  text += fmt::format(
      "  Peak at {}: {} values = {:.2f} MiB, {:.1f} × the {} values ({:.2f} MiB) the forward pass keeps.\n"
      "  Adding λW into ∂J/∂W while E1 and E2 compute it, as wb::Mlp does, never stores ∂s/∂W whole:\n"
      "  peak at {}: {} values = {:.2f} MiB.\n",
      top.equation, top.total(), mib(top.total()), double(top.total()) / double(kept), kept, mib(kept),
      fused.equation, fused.total(), mib(fused.total()));
  return text;
}

// ------------------------------------------------------------------------------------------
// Export: every quantity as a full-precision csv_ascii file named after it
// ------------------------------------------------------------------------------------------

/// Writes x, y, W1, W2, z, h, o, dJ_do, dJ_dh, dJ_dz, dJ_dW1, dJ_dW2 (one `NAME.csv` each,
/// Armadillo csv_ascii, 17 significant digits) and `scalars.csv` (lambda, L, s, J as
/// `name,value` lines, %.17g) into `dir`, which wb::require_writable_directory has checked
/// before the run. Returns the file names.
/// \f[ \texttt{scalars.csv}:\ \lambda,\ L,\ s,\ J = L + s \f]
inline std::vector<std::string> export_all(const std::string& dir, const Problem& p, const Forward<double>& f,
                                           const Backward& b) {
  namespace fs = std::filesystem;
  std::vector<std::string> written;
  const auto save = [&](const std::string& name, const auto& M) {  // whole or not at all
    OutputFile out((fs::path(dir) / (name + ".csv")).string());
    if (!M.save(out.stream(), arma::csv_ascii))
      throw UserError("cannot write '" + out.path() + "': check that --export points to a writable directory");
    out.commit();
    written.push_back(name + ".csv");
  };
  save("x", p.x);
  save("y", p.y);
  save("W1", p.W1);
  save("W2", p.W2);
  save("z", f.z);
  save("h", f.h);
  save("o", f.o);
  save("dJ_do", b.dJ_do);
  save("dJ_dh", b.dJ_dh);
  save("dJ_dz", b.dJ_dz);
  save("dJ_dW1", b.dJ_dW1);
  save("dJ_dW2", b.dJ_dW2);
  write_file((fs::path(dir) / "scalars.csv").string(),
             fmt::format("lambda,{:.17g}\nL,{:.17g}\ns,{:.17g}\nJ,{:.17g}\n", p.lambda, f.L, f.s, f.J));
  written.push_back("scalars.csv");
  return written;
}

}  // namespace wb::ch7
