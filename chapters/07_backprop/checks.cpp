// Chapter 7's checks for its three activations, compiled once for the program, its tests and the
// benchmark: each instantiation differentiates the graph in double and in complex, and was
// compiled again in every file that called it (the extern declarations at the end of
// equation_checks.hpp and layer_checks.hpp, under WB_CH07_COMPILED, tell them it is here).
#include "07_backprop/equation_checks.hpp"
#include "07_backprop/layer_checks.hpp"

namespace wb::ch7 {

template Forward<double> forward<ReLU>(const Problem&);
template Forward<double> forward<Sigmoid>(const Problem&);
template Forward<double> forward<Tanh>(const Problem&);
template Backward backward<ReLU>(const Problem&, const Forward<double>&);
template Backward backward<Sigmoid>(const Problem&, const Forward<double>&);
template Backward backward<Tanh>(const Problem&, const Forward<double>&);
template std::vector<GradCheckReport> check_equations(const Problem&, CheckOptions, const Equations<ReLU>&);
template std::vector<GradCheckReport> check_equations(const Problem&, CheckOptions, const Equations<Sigmoid>&);
template std::vector<GradCheckReport> check_equations(const Problem&, CheckOptions, const Equations<Tanh>&);
template std::vector<GradCheckReport> check_layers<ReLU>(const Problem&, CheckOptions);
template std::vector<GradCheckReport> check_layers<Sigmoid>(const Problem&, CheckOptions);
template std::vector<GradCheckReport> check_layers<Tanh>(const Problem&, CheckOptions);

}  // namespace wb::ch7
