#include "review_verdict.h"

#include <QSet>

ReviewOverall overallDecision(const QList<ReviewVerdict>& verdicts) {
    QSet<int> passed;
    for (const ReviewVerdict& v : verdicts) {
        if (v.decision == ReviewDecision::Reject)
            return ReviewOverall::Rejected;
        if (v.decision == ReviewDecision::Pass)
            passed.insert(int(v.criterion));
    }
    return passed.size() == kReviewCriterionCount ? ReviewOverall::Accepted : ReviewOverall::Open;
}
