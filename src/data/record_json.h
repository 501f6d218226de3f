#pragma once
// Internal: record parsing with messages that do not yet name the file, so the loaders can put
// the full location (directory path or archive member) in front.

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "anb/data/record.h"

namespace anb::data::detail {

// Record::from_json without the "<id>: " prefix on error messages.
Record record_from_json(const nlohmann::json& object, std::string id);

// Record::parse without the "<id>: " prefix on error messages.
Record record_from_text(std::string_view text, std::string id);

}  // namespace anb::data::detail
