// Must NOT compile: the gradient checker refuses single precision (see tests/CMakeLists.txt,
// test gradcheck_refuses_float). Central differences in float are accurate to about 1e-3 at
// best, too coarse to tell a right gradient from a wrong one.
#include <armadillo>

#include "wb/gradcheck.hpp"

int main() {
  const arma::fmat X(3, 2, arma::fill::randn);
  const auto f = [](const arma::fmat& A) { return arma::accu(A % A); };
  const wb::GradCheckReport r = wb::check_gradient("float", f, X, arma::fmat(2 * X));
  return r.passed() ? 0 : 1;
}
