#pragma once
// Bounded JSON parsing and one field reader for every loader (records, manifests, member models,
// hyperparameter sets, training schemes, proxy-search configs, hypervolume references).
//
// parse_json bounds the nesting depth and the size of what it parses, so a hostile or corrupt
// file (a value nested 80,000 levels deep, a gigabyte of text) gives a one-line
// std::invalid_argument naming its source instead of a stack overflow further on (copying,
// comparing or printing a deep nlohmann::json recurses). json_field reads one field with a type
// and range check and names the source, the field and the value on error.

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <limits>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace anb::io {

struct JsonLimits {
  // Containers nested deeper than this are rejected. Every anb file nests less than 10 levels
  // (an XGBoost model: 6).
  int max_depth = 64;
  // Texts (and files) larger than this are rejected before parsing.
  std::size_t max_bytes = std::size_t{1} << 30;  // 1 GiB
};

// Parses `text`. Throws std::invalid_argument "<source>: ..." when it is not valid JSON, a number
// overflows (1e999), it nests deeper than limits.max_depth or is larger than limits.max_bytes.
nlohmann::json parse_json(std::string_view text, std::string_view source, JsonLimits limits = {});

// Reads and parses a file (size checked before reading); errors name the path. Throws
// std::runtime_error when the file cannot be read, std::invalid_argument as parse_json.
nlohmann::json read_json_file(const std::filesystem::path& path, JsonLimits limits = {});

// A short one-line form of a value for error messages: containers abbreviated, long text cut.
std::string short_dump(const nlohmann::json& value);

// Throws std::invalid_argument "<context>: field '<key>' = <value>: <rule>" (or without the
// context when it is empty).
[[noreturn]] void fail_field(std::string_view context, std::string_view key,
                             const nlohmann::json& value, std::string_view rule);

namespace detail {
std::string join_context(std::string_view context, std::string_view message);
}  // namespace detail

// Converts one JSON value to T with the checks the loaders need: integers must be integers that
// fit T (no wrap of -1 into a size_t, no truncation of 2.5 or 1e10 into an int), floating point
// numbers must be finite, strings strings, booleans booleans.
// Errors name `context`, `key` and the value.
template <typename T>
T json_value_as(const nlohmann::json& v, std::string_view key, std::string_view context) {
  if constexpr (std::is_same_v<T, bool>) {
    if (!v.is_boolean()) fail_field(context, key, v, "must be true or false");
    return v.get<bool>();
  } else if constexpr (std::is_integral_v<T>) {
    if (!v.is_number_integer()) fail_field(context, key, v, "must be an integer");
    if (v.is_number_unsigned()) {
      const auto u = v.get<std::uint64_t>();
      if (u > static_cast<std::uint64_t>(std::numeric_limits<T>::max())) {
        fail_field(context, key, v, "is out of range");
      }
      return static_cast<T>(u);
    }
    const auto s = v.get<std::int64_t>();
    if constexpr (std::is_unsigned_v<T>) {
      if (s < 0) fail_field(context, key, v, "must not be negative");
      if (static_cast<std::uint64_t>(s) >
          static_cast<std::uint64_t>(std::numeric_limits<T>::max())) {
        fail_field(context, key, v, "is out of range");
      }
    } else {
      if (s < static_cast<std::int64_t>(std::numeric_limits<T>::min()) ||
          s > static_cast<std::int64_t>(std::numeric_limits<T>::max())) {
        fail_field(context, key, v, "is out of range");
      }
    }
    return static_cast<T>(s);
  } else if constexpr (std::is_floating_point_v<T>) {
    if (!v.is_number()) fail_field(context, key, v, "must be a number");
    const T x = v.get<T>();
    if (!std::isfinite(x)) fail_field(context, key, v, "must be finite");
    return x;
  } else if constexpr (std::is_same_v<T, std::string>) {
    if (!v.is_string()) fail_field(context, key, v, "must be a string");
    return v.get<std::string>();
  } else if constexpr (std::is_same_v<T, std::vector<std::string>>) {
    if (!v.is_array()) fail_field(context, key, v, "must be a list of strings");
    std::vector<std::string> out;
    for (const auto& x : v) out.push_back(json_value_as<std::string>(x, key, context));
    return out;
  } else {
    static_assert(std::is_same_v<T, void>,
                  "json_field: unsupported type (json_child reads a "
                  "value as it is)");
  }
}

// The required field `key` of `object` as it is (no copy). Throws std::invalid_argument naming
// `context` and `key` when `object` is not an object or the field is missing.
const nlohmann::json& json_child(const nlohmann::json& object, std::string_view key,
                                 std::string_view context);

// The required field `key` of `object` as T (see json_value_as). Throws std::invalid_argument
// naming `context` and `key` when `object` is not an object, the field is missing or mistyped.
template <typename T>
T json_field(const nlohmann::json& object, std::string_view key, std::string_view context) {
  return json_value_as<T>(json_child(object, key, context), key, context);
}

// The optional field `key`: stores it in `out` and returns true when present (checked as
// json_field), leaves `out` alone and returns false when absent.
template <typename T>
bool json_field_if(const nlohmann::json& object, std::string_view key, T& out,
                   std::string_view context) {
  if (!object.is_object()) return false;
  const auto it = object.find(key);
  if (it == object.end()) return false;
  out = json_value_as<T>(*it, key, context);
  return true;
}

}  // namespace anb::io
