// anb_cli_fixtures: (re)builds the fixtures of the command-line tests and pytest (cli/fixtures.h)
// and says where they are. CTest runs it once before those tests (FIXTURES_SETUP).
#include <chrono>
#include <exception>
#include <iostream>

#include "cli/fixtures.h"

int main() {
  try {
    const auto start = std::chrono::steady_clock::now();
    const auto dir = anb::cli_test::cli_fixtures(/*rebuild=*/true);
    const std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
    std::cout << "test fixtures in " << dir.string() << " (" << took.count() << " s)\n";
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "anb_cli_fixtures: " << e.what() << "\n";
    return 1;
  }
}
