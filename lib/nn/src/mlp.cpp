// wb::Mlp and wb::train for float and double, compiled once per build (WB_MLP_COMPILED tells
// mlp.hpp's users not to instantiate them again): most of what a chapter program compiles.
#include "wb/mlp.hpp"

namespace wb {

template class Mlp<float>;
template class Mlp<double>;
template std::vector<EpochStats> train(Mlp<float>&, const Dataset&, const Dataset&, const TrainConfig&,
                                       const std::function<void(const EpochStats&)>&);
template std::vector<EpochStats> train(Mlp<double>&, const Dataset&, const Dataset&, const TrainConfig&,
                                       const std::function<void(const EpochStats&)>&);

}  // namespace wb
