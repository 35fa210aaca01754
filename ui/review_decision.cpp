#include "review_decision.h"

QString decisionId(ReviewDecision decision) {
    switch (decision) {
        case ReviewDecision::Pass:
            return QStringLiteral("pass");
        case ReviewDecision::Reject:
            return QStringLiteral("reject");
        case ReviewDecision::Unsure:
            return QStringLiteral("unsure");
    }
    return {};
}

std::optional<ReviewDecision> parseReviewDecision(const QString& id) {
    for (ReviewDecision decision :
         {ReviewDecision::Pass, ReviewDecision::Reject, ReviewDecision::Unsure}) {
        if (decisionId(decision) == id)
            return decision;
    }
    return std::nullopt;
}

QString overallId(ReviewOverall overall) {
    switch (overall) {
        case ReviewOverall::Open:
            return QStringLiteral("open");
        case ReviewOverall::Accepted:
            return QStringLiteral("accepted");
        case ReviewOverall::Rejected:
            return QStringLiteral("rejected");
    }
    return {};
}
