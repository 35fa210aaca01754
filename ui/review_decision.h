#pragma once

#include <QString>

#include <optional>

// A reviewer's decision on one criterion of one ad.
enum class ReviewDecision {
    Pass,    // the ad does not violate the criterion
    Reject,  // it does: the ad is rejected
    Unsure,  // the reviewer looked and could not decide (someone should look again)
};

// An ad's overall decision by one reviewer, from the six criteria.
enum class ReviewOverall {
    Open,      // not every criterion passed and none rejected (unjudged or unsure ones remain)
    Accepted,  // all six criteria pass
    Rejected,  // at least one criterion rejected
};

// "pass", "reject", "unsure".
QString decisionId(ReviewDecision decision);
std::optional<ReviewDecision> parseReviewDecision(const QString& id);
// "open", "accepted", "rejected".
QString overallId(ReviewOverall overall);
