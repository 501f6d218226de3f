#include "anb/space/architecture_list.h"

#include <sstream>
#include <stdexcept>

namespace anb::space {

std::vector<Architecture> parse_architecture_lines(const std::string& text,
                                                   const std::string& where) {
  std::vector<Architecture> archs;
  std::istringstream lines(text);
  std::string line;
  for (int number = 1; std::getline(lines, line); ++number) {
    const auto first = line.find_first_not_of(" \t\r");
    if (first == std::string::npos || line[first] == '#') continue;
    const auto last = line.find_last_not_of(" \t\r");
    try {
      archs.push_back(Architecture::parse(line.substr(first, last - first + 1)));
    } catch (const std::invalid_argument& e) {
      throw std::invalid_argument(where + ":" + std::to_string(number) + ": " + e.what());
    }
  }
  return archs;
}

}  // namespace anb::space
