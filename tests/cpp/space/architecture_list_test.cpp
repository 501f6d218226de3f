#include "anb/space/architecture_list.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>

#include "anb/space/search_space.h"

namespace anb::space {
namespace {

TEST(ArchitectureList, OnePerLineSkippingBlankAndCommentLines) {
  const Architecture a = sample(1, 5)[0];
  const std::string text = "# two architectures\n\n  " + a.to_string() +
                           " \r\n\t# indented comment\nefficientnet-b0\n" +
                           a.to_json().dump() + "\n   \n";
  const std::vector<Architecture> archs = parse_architecture_lines(text, "list.txt");
  ASSERT_EQ(archs.size(), 3u);
  EXPECT_EQ(archs[0], a);
  EXPECT_EQ(archs[1], Architecture::efficientnet_b0());
  EXPECT_EQ(archs[2], a);
  EXPECT_TRUE(parse_architecture_lines("", "empty.txt").empty());
  EXPECT_TRUE(parse_architecture_lines("# nothing\n\n", "comments.txt").empty());
}

TEST(ArchitectureList, ABadLineNamesWhereAndItsNumber) {
  const std::string text = "efficientnet-b0\n\n# comment\nnot-an-arch\n";
  try {
    parse_architecture_lines(text, "archs.txt");
    ADD_FAILURE() << "expected an error";
  } catch (const std::invalid_argument& e) {
    const std::string what = e.what();
    EXPECT_EQ(what.rfind("archs.txt:4: ", 0), 0u) << what;
    EXPECT_NE(what.find("not-an-arch"), std::string::npos) << what;
  }
  EXPECT_THROW(parse_architecture_lines("efficientnet-b0\n{\"block0_e\": 9}\n", "j.txt"),
               std::invalid_argument);
}

}  // namespace
}  // namespace anb::space
