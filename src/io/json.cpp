#include "anb/io/json.h"

#include <fmt/format.h>

#include <system_error>

#include "anb/io/atomic_file.h"

namespace anb::io {
namespace {

using nlohmann::json;

// Thrown from the parser callback when the nesting gets too deep (caught in parse_json).
struct TooDeep {};

std::string one_line(std::string text) {
  for (char& c : text) {
    if (c == '\n' || c == '\r') c = ' ';
  }
  return text;
}

}  // namespace

namespace detail {

std::string join_context(std::string_view context, std::string_view message) {
  if (context.empty()) return std::string(message);
  return fmt::format("{}: {}", context, message);
}

}  // namespace detail

json parse_json(std::string_view text, std::string_view source, JsonLimits limits) {
  if (text.size() > limits.max_bytes) {
    throw std::invalid_argument(detail::join_context(
        source, fmt::format("JSON text of {} bytes is larger than the limit of {} bytes",
                            text.size(), limits.max_bytes)));
  }
  // The parser itself is iterative; the callback sees the depth of every container it opens
  // and stops the parse before anything deep is built.
  const json::parser_callback_t bound = [&limits](int depth, json::parse_event_t event, json&) {
    if ((event == json::parse_event_t::object_start || event == json::parse_event_t::array_start) &&
        depth >= limits.max_depth) {
      throw TooDeep{};
    }
    return true;
  };
  try {
    return json::parse(text.begin(), text.end(), bound);
  } catch (const TooDeep&) {
    throw std::invalid_argument(detail::join_context(
        source, fmt::format("JSON nested deeper than {} levels", limits.max_depth)));
  } catch (const json::exception& e) {
    throw std::invalid_argument(
        detail::join_context(source, "malformed JSON: " + one_line(e.what())));
  }
}

json read_json_file(const std::filesystem::path& path, JsonLimits limits) {
  std::error_code ec;
  const auto size = std::filesystem::file_size(path, ec);
  if (!ec && size > limits.max_bytes) {
    throw std::invalid_argument(
        fmt::format("{}: file of {} bytes is larger than the limit of {} "
                    "bytes for a JSON file",
                    path.string(), size, limits.max_bytes));
  }
  return parse_json(read_file(path), path.string(), limits);
}

std::string short_dump(const json& value) {
  if (value.is_array()) return value.empty() ? "[]" : "[…] (an array)";
  if (value.is_object()) return value.empty() ? "{}" : "{…} (an object)";
  std::string text = value.dump(-1, ' ', false, json::error_handler_t::replace);
  if (text.size() > 80) text = text.substr(0, 77) + "...";
  return text;
}

void fail_field(std::string_view context, std::string_view key, const json& value,
                std::string_view rule) {
  throw std::invalid_argument(detail::join_context(
      context, fmt::format("field '{}' = {}: {}", key, short_dump(value), rule)));
}

const json& json_child(const json& object, std::string_view key, std::string_view context) {
  if (!object.is_object()) {
    throw std::invalid_argument(detail::join_context(
        context, "value is not a JSON object (got " + short_dump(object) + ")"));
  }
  const auto it = object.find(key);
  if (it == object.end()) {
    throw std::invalid_argument(
        detail::join_context(context, fmt::format("missing field '{}'", key)));
  }
  return *it;
}

}  // namespace anb::io
