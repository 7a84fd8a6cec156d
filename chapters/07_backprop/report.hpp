/// \file
/// \brief What the chapter 7 program reports besides its tables: the memory the backward pass
/// keeps from the forward pass, and the export of every quantity for another framework.
/// Included by `main.cpp` only.
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
