/// \file
/// \brief What every chapter program's command line shares: validators with one message
/// format, the parse that turns any mistake into one line and exit status 64, and the checks
/// of output directories made before the work starts.
///
/// A chapter's `parse()` declares its options on a CLI::App with these validators, calls
/// wb::parse_command_line, then checks combinations of options and throws wb::UsageError
/// for one that cannot work. Every message has the form
/// `--option: must be <accepted>, not <value>`, and wb::run_program prints it as
/// `PROGRAM: error: <message>` (one line, exit status 64).
#pragma once

#include <CLI/CLI.hpp>

#include <string>
#include <vector>

namespace wb {

/// A finite number > 0 (a learning rate, a weight decay).
CLI::Validator positive_number();

/// A finite number in [lo, hi] (or with open ends): "must be a number in (0, 10], not X".
CLI::Validator number_in(double lo, double hi, bool open_lo = false, bool open_hi = false);

/// An integer in [lo, hi]: "must be an integer in [1, 1000], not X".
CLI::Validator integer_in(long long lo, long long hi);

/// One of `names`: "must be one of relu, sigmoid, tanh, not softmax".
CLI::Validator one_of(const std::vector<std::string>& names);

/// A seed: an integer in [0, 2^64 − 1]; a negative number is refused, not wrapped around.
CLI::Validator seed_value();

/// Parses the command line. Returns false when --help was asked for (and printed); throws
/// UsageError with one line ("--lr: must be a number > 0, not abc (see 02_mlp --help)") for
/// anything CLI11 refuses: an unknown option, a missing or invalid value.
bool parse_command_line(CLI::App& app, int argc, char** argv);

/// Creates `dir` (with its parents) and checks that a file can be written in it, before any
/// work starts; throws UsageError naming `option` and the reason otherwise.
void require_writable_directory(const std::string& dir, const std::string& option);

}  // namespace wb
