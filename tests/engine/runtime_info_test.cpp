#include "adgen/runtime_info.h"

#include <gtest/gtest.h>
#include <torch/version.h>

#include <filesystem>

#include "adgen/version.h"

TEST(RuntimeInfo, ReportsTheLibtorchItWasBuiltWith) {
    EXPECT_EQ(adgen::runtimeInfo().torchVersion, TORCH_VERSION);
}

TEST(RuntimeInfo, FindsTheBlasLibraryMappedIntoTheProcess) {
    const adgen::RuntimeInfo info = adgen::runtimeInfo();
    ASSERT_FALSE(info.blasLibrary.empty());
    EXPECT_TRUE(std::filesystem::exists(info.blasLibrary)) << info.blasLibrary;
}

TEST(RuntimeInfo, ThreadCountFollowsSetIntraOpThreads) {
    adgen::setIntraOpThreads(1);
    EXPECT_EQ(adgen::runtimeInfo().intraOpThreads, 1);
    adgen::setIntraOpThreads(2);
    EXPECT_EQ(adgen::runtimeInfo().intraOpThreads, 2);
}

TEST(RuntimeInfo, RejectsANonPositiveThreadCount) {
    EXPECT_THROW(adgen::setIntraOpThreads(0), std::invalid_argument);
}

TEST(Version, IsTheProjectVersion) {
    EXPECT_EQ(adgen::versionString(), ADGEN_EXPECTED_VERSION);
}
