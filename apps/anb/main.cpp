// `anb`: the Accel-NASBench command line. Each subcommand is one file in this folder.
#include <algorithm>
#include <exception>
#include <iostream>
#include <string>

#include "anb/version.h"
#include "command.h"

namespace anb::cli {

std::vector<CommandEntry>& command_registry() {
  static std::vector<CommandEntry> entries;
  return entries;
}

}  // namespace anb::cli

int main(int argc, char** argv) {
  CLI::App app{"anb: accelerator-aware NAS benchmark (Accel-NASBench in C++)"};
  app.require_subcommand(1);
  app.set_version_flag("--version", std::string("anb ") + anb::kVersion);
  auto entries = anb::cli::command_registry();
  std::stable_sort(entries.begin(), entries.end(),
                   [](const auto& a, const auto& b) { return a.order < b.order; });
  for (const auto& entry : entries) entry.setup(app);
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    // Usage mistakes (a missing required flag, an unknown option, a malformed number) are
    // errors like any other: one line and exit status 1, as the README promises.
    std::cerr << "anb: error: " << e.what() << " (see anb --help, or anb COMMAND --help)\n";
    return 1;
  } catch (const std::exception& e) {
    std::cerr << "anb: error: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
