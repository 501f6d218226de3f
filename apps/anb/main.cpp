// `anb`: the Accel-NASBench command line. Each subcommand is one file in this folder, added by
// the explicit list in command.h.
#include <exception>
#include <iostream>
#include <string>

#include "anb/version.h"
#include "cli_checks.h"
#include "command.h"

int main(int argc, char** argv) {
  CLI::App app{"anb: accelerator-aware NAS benchmark (Accel-NASBench in C++)"};
  app.require_subcommand(1);
  app.set_version_flag("--version", std::string("anb ") + anb::kVersion);
  anb::cli::add_commands(app);
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::RuntimeError& e) {
    return e.get_exit_code();  // a command that printed its own error line and chose the status
  } catch (const CLI::ParseError& e) {
    // Usage mistakes (a missing required flag, an unknown option, a malformed number) are
    // errors like any other: one line and exit status 1, as the README promises.
    std::cerr << "anb: error: " << anb::cli::one_line(e.what())
              << " (see anb --help, or anb COMMAND --help)\n";
    return 1;
  } catch (const std::exception& e) {
    std::cerr << "anb: error: " << anb::cli::one_line(e.what()) << "\n";
    return 1;
  }
  return 0;
}
