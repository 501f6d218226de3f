#pragma once
// Lets GoogleTest print architectures as their canonical string in failure messages.

#include <ostream>

#include "anb/space/architecture.h"

namespace anb::space {

inline void PrintTo(const Architecture& a, std::ostream* os) { *os << a.to_string(); }

}  // namespace anb::space
