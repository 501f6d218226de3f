#pragma once
// The fuzz targets' invariant check: a violated invariant aborts, which libFuzzer reports as a
// crash together with the input that caused it.

#include <cstdlib>

namespace anb::fuzz {

inline void check(bool ok) {
  if (!ok) std::abort();
}

}  // namespace anb::fuzz
