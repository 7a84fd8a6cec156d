// wb::Mlp and the textbook step for float and double, compiled once per build (WB_MLP_COMPILED
// tells mlp.hpp's users not to instantiate them again).
#include "wb/mlp.hpp"

namespace wb {

template class Mlp<float>;
template class Mlp<double>;
template BatchLoss textbook_step(Mlp<float>&, const Dataset&, const arma::uvec&, float);
template BatchLoss textbook_step(Mlp<double>&, const Dataset&, const arma::uvec&, double);

}  // namespace wb
