#include "anb/io/json.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <string>

#include "../error_message.h"

namespace anb::io {
namespace {

template <class F>
std::string error_of(F&& f) {
  return anb::testing::expected_error_of<std::invalid_argument>(f, "std::invalid_argument");
}

std::string nested(std::size_t depth, char open = '[', char close = ']') {
  return std::string(depth, open) + std::string(depth, close);
}

TEST(Json, ParsesOrdinaryText) {
  const nlohmann::json j = parse_json(R"({"a": [1, 2, {"b": "c"}], "d": 1.5})", "x.json");
  EXPECT_EQ(j["a"][2]["b"], "c");
  EXPECT_EQ(j["d"], 1.5);
  EXPECT_EQ(parse_json(nested(64), "x.json").size(), 1u);  // exactly at the default limit
}

TEST(Json, RejectsDeepNestingWithOneLineNamingTheSource) {
  // 80,000 levels: a stack overflow in any recursive walk of the value; refused while parsing.
  for (const auto& [open, close] : {std::pair{'[', ']'}, std::pair{'{', '}'}}) {
    std::string text;
    if (open == '[') {
      text = nested(80000);
    } else {
      for (int i = 0; i < 80000; ++i) text += "{\"a\":";
      text += "1" + std::string(80000, '}');
    }
    const std::string message = error_of([&] { parse_json(text, "deep.json"); });
    EXPECT_EQ(message, "deep.json: JSON nested deeper than 64 levels") << message.substr(0, 200);
  }
  EXPECT_NE(error_of([&] { parse_json(nested(65), "x.json"); }).find("deeper than 64"),
            std::string::npos);
  JsonLimits shallow;
  shallow.max_depth = 3;
  EXPECT_NO_THROW(parse_json(nested(3), "x", shallow));
  EXPECT_THROW(parse_json(nested(4), "x", shallow), std::invalid_argument);
  // Brackets inside strings are text, not nesting.
  EXPECT_NO_THROW(parse_json("[\"" + std::string(1000, '[') + "\"]", "x", shallow));
}

TEST(Json, RejectsOversizedTextAndFiles) {
  JsonLimits small;
  small.max_bytes = 10;
  EXPECT_NE(error_of([&] {
              parse_json("[1, 2, 3, 4, 5]", "big.json", small);
            }).find("big.json: JSON text of 15 bytes is larger than the limit of 10 bytes"),
            std::string::npos);
  const auto path = std::filesystem::temp_directory_path() /
                    ("anb_json_test_" + std::to_string(::getpid()) + ".json");
  std::ofstream(path) << "[1, 2, 3, 4, 5]";
  const std::string message = error_of([&] { read_json_file(path, small); });
  EXPECT_NE(message.find(path.string()), std::string::npos) << message;
  EXPECT_NE(message.find("larger than the limit"), std::string::npos) << message;
  std::filesystem::remove(path);
}

TEST(Json, MalformedAndOverflowingNumbersNameTheSourceOnOneLine) {
  const std::string overflow = error_of([] { parse_json("{\"ceiling\": 1e999}", "m.json"); });
  EXPECT_EQ(overflow.rfind("m.json: malformed JSON: ", 0), 0u) << overflow;
  EXPECT_NE(overflow.find("1e999"), std::string::npos) << overflow;
  const std::string truncated = error_of([] { parse_json("{\"a\": [1, 2", "t.json"); });
  EXPECT_EQ(truncated.rfind("t.json: malformed JSON", 0), 0u) << truncated;
  EXPECT_EQ(truncated.find('\n'), std::string::npos);
}

TEST(Json, FieldChecksTypeAndRangeAndNamesContextFieldAndValue) {
  const nlohmann::json o = nlohmann::json::parse(
      R"({"n": -1, "big": 10000000000, "half": 2.5, "text": "x", "flag": true, "x": 1.5,
          "list": ["a", "b"], "mixed": ["a", 1]})");
  EXPECT_EQ(error_of([&] { json_field<std::size_t>(o, "n", "f.json"); }),
            "f.json: field 'n' = -1: must not be negative");
  EXPECT_EQ(error_of([&] { json_field<int>(o, "big", "f.json"); }),
            "f.json: field 'big' = 10000000000: is out of range");
  EXPECT_EQ(error_of([&] { json_field<int>(o, "half", "f.json"); }),
            "f.json: field 'half' = 2.5: must be an integer");
  EXPECT_EQ(error_of([&] { json_field<double>(o, "text", "f.json"); }),
            "f.json: field 'text' = \"x\": must be a number");
  EXPECT_EQ(error_of([&] { json_field<bool>(o, "x", "f.json"); }),
            "f.json: field 'x' = 1.5: must be true or false");
  EXPECT_EQ(error_of([&] { json_field<std::string>(o, "absent", "f.json"); }),
            "f.json: missing field 'absent'");
  EXPECT_NE(error_of([&] {
              json_field<int>(nlohmann::json::array(), "a", "f.json");
            }).find("not a JSON object"),
            std::string::npos);
  EXPECT_THROW(json_field<std::vector<std::string>>(o, "mixed", "f"), std::invalid_argument);
  EXPECT_EQ(json_field<std::vector<std::string>>(o, "list", "f").size(), 2u);
  EXPECT_EQ(json_field<std::int64_t>(o, "big", "f"), 10000000000);
  EXPECT_EQ(json_field<double>(o, "half", "f"), 2.5);
  EXPECT_TRUE(json_field<bool>(o, "flag", "f"));
  int kept = 7;
  EXPECT_FALSE(json_field_if(o, "absent", kept, "f"));
  EXPECT_EQ(kept, 7);
  std::string text;
  EXPECT_TRUE(json_field_if(o, "text", text, "f"));
  EXPECT_EQ(text, "x");
  EXPECT_THROW(json_field_if(o, "half", kept, "f"), std::invalid_argument);
}

TEST(Json, ShortDumpAbbreviatesContainersAndLongText) {
  EXPECT_EQ(short_dump(nlohmann::json::array({1, 2})), "[…] (an array)");
  EXPECT_EQ(short_dump(nlohmann::json::object()), "{}");
  EXPECT_EQ(short_dump(std::string(200, 'a')).size(), 80u);
  EXPECT_EQ(short_dump("a\nb"), "\"a\\nb\"");  // escaped: one line
}

}  // namespace
}  // namespace anb::io
