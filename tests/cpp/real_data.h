#pragma once
// The real Accel-NASBench data for the `realdata` test suites: checks that only mean something on
// the shared records (their counts, ranges, the H200 measurements, the proxy ablation). Every
// other test runs on synthetic records (synthetic_data.h), so the suite passes from a bare clone.
//
// A real-data test belongs to a suite whose name ends in "RealData" (CTest gives those the label
// `realdata`: `ctest -L realdata`, `ctest -LE realdata`) and starts with ANB_REQUIRE_REAL_DATA,
// which skips it with a message saying what is missing and how to provide it.
//
// The folder is $ANB_TEST_DATA_DIR when set (ANB_TEST_DATA_DIR=/nowhere hides the data), else
// the CMake cache's ANB_DATA_DIR (by default ../shared/data/accel-nasbench beside the checkout).

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <string>

namespace anb::testing {

inline std::filesystem::path real_data_dir() {
  const char* env = std::getenv("ANB_TEST_DATA_DIR");
  return (env != nullptr && *env != '\0') ? std::filesystem::path(env)
                                          : std::filesystem::path(ANB_TEST_DATA_DIR);
}

// A file or folder of the real data, e.g. real_data("anb_dataset_trainval.tar.gz").
inline std::filesystem::path real_data(const std::string& relative) {
  return real_data_dir() / relative;
}

// The train+val records tarball.
inline std::string real_records() {
  return real_data("anb_dataset_trainval.tar.gz").string();
}

// Why a real-data test cannot run (empty when `relative` exists).
inline std::string real_data_missing(const std::string& relative) {
  std::error_code ec;
  if (std::filesystem::exists(real_data(relative), ec)) return "";
  return "real data " + real_data(relative).string() +
         " not found: a realdata test runs only with the shared Accel-NASBench data "
         "(set ANB_TEST_DATA_DIR or configure with -DANB_DATA_DIR=...)";
}

}  // namespace anb::testing

// Skips the current test unless the real-data file or folder `relative` exists.
#define ANB_REQUIRE_REAL_DATA(relative)                                           \
  do {                                                                            \
    const std::string anb_missing_ = ::anb::testing::real_data_missing(relative); \
    if (!anb_missing_.empty()) GTEST_SKIP() << anb_missing_;                      \
  } while (false)
