#pragma once
// The subcommands of the `anb` command line. Each lives in its own file and defines one
// add_<name>_command that adds it (options and callback) to the top-level app; main.cpp calls
// them in one explicit list, which fixes the order of `anb --help`.

#include <CLI/CLI.hpp>

namespace anb::cli {

void add_arch_command(CLI::App& app);
void add_data_command(CLI::App& app);
#ifdef ANB_HAVE_SURROGATE
void add_fit_command(CLI::App& app);
void add_eval_command(CLI::App& app);
void add_query_command(CLI::App& app);
void add_transfer_command(CLI::App& app);
void add_bench_command(CLI::App& app);
void add_search_command(CLI::App& app);
void add_experiment_command(CLI::App& app);
#endif
#ifdef ANB_HAVE_SERVE
void add_serve_command(CLI::App& app);
#endif
#ifdef ANB_HAVE_NETS
void add_measure_command(CLI::App& app);
void add_train_command(CLI::App& app);
void add_proxy_search_command(CLI::App& app);
void add_collect_command(CLI::App& app);
void add_train_speed_command(CLI::App& app);
#endif

// Adds every subcommand this build has, in the order of `anb --help`.
inline void add_commands(CLI::App& app) {
  add_arch_command(app);
  add_data_command(app);
#ifdef ANB_HAVE_SURROGATE
  add_fit_command(app);
  add_eval_command(app);
  add_query_command(app);
  add_transfer_command(app);
#endif
#ifdef ANB_HAVE_SERVE
  add_serve_command(app);
#endif
#ifdef ANB_HAVE_SURROGATE
  add_bench_command(app);
  add_search_command(app);
  add_experiment_command(app);
#endif
#ifdef ANB_HAVE_NETS
  add_measure_command(app);
  add_train_command(app);
  add_proxy_search_command(app);
  add_collect_command(app);
  add_train_speed_command(app);
#endif
}

}  // namespace anb::cli
