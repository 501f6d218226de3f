#pragma once
// Architectures written one per line, as `anb measure --archs FILE` and `anb collect --archs FILE`
// take them:
//
//   # comment
//   e1666666-k3353553-l1223341-seTTTTTTT
//   efficientnet-b0
//   {"block0_e": 1, ...}

#include <string>
#include <vector>

#include "anb/space/architecture.h"

namespace anb::space {

// The architectures of `text`, one per line: each line is what Architecture::parse takes, blanks
// (space, tab, CR) around it ignored; blank lines and lines starting with '#' are skipped. A line
// that does not parse throws std::invalid_argument "<where>:<line number>: <reason>". No
// architectures is no error here (the caller says what an empty list means).
std::vector<Architecture> parse_architecture_lines(const std::string& text,
                                                   const std::string& where);

}  // namespace anb::space
