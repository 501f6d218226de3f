#pragma once
// Subcommand registration for the `anb` command line.
//
// Every subcommand lives in its own file and registers itself with a static
// `CommandRegistration`, so adding a command never edits main.cpp. `order` fixes the order of
// the commands in `anb --help`.

#include <CLI/CLI.hpp>
#include <functional>
#include <vector>

namespace anb::cli {

// Adds one subcommand (with its options and callback) to the top-level app.
using CommandSetup = std::function<void(CLI::App& app)>;

struct CommandEntry {
  int order;
  CommandSetup setup;
};

// All registered subcommands.
std::vector<CommandEntry>& command_registry();

// Registers a subcommand at static-initialisation time.
struct CommandRegistration {
  CommandRegistration(int order, CommandSetup setup) {
    command_registry().push_back({order, std::move(setup)});
  }
};

}  // namespace anb::cli
