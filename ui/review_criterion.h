#pragma once

#include <QList>
#include <QString>

#include <optional>

// The paper's six reject criteria (appendix, section 1; docs/product.md), as the review lane
// stores and shows them. The ids are the strings of adgen::toString(adgen::Criterion) in
// engine/include/adgen/prechecks.h, so verdicts and pre-check flags name a criterion the same
// way; the list is kept here so ui/ does not depend on the pre-check library to store verdicts.
enum class ReviewCriterion {
    SizeMismatch,        // image: product out of proportion with the scene
    ShapeHallucination,  // image: extraneous objects attached to the product, hollows filled
                         // wrongly
    SpaceMismatch,       // image: product floating or at an angle the scene contradicts
    VisualPerception,    // image: distorted people, product lost in its background
    Factuality,   // text: words or claims absent from the selling points, sensitive or exaggerated
    Readability,  // text: incoherent, a direct copy of the selling points, severe repetition
};

inline constexpr int kReviewCriterionCount = 6;

// All six, image criteria first, in the order of the paper's appendix (and of the checklist).
const QList<ReviewCriterion>& reviewCriteria();
// "size-mismatch", "shape-hallucination", "space-mismatch", "visual-perception", "factuality",
// "readability".
QString criterionId(ReviewCriterion criterion);
// The criterion of an id (exact, as criterionId writes it); nothing for any other text.
std::optional<ReviewCriterion> parseReviewCriterion(const QString& id);
bool isImageCriterion(ReviewCriterion criterion);
// The checklist's label ("Size mismatch") and the criterion's definition from the paper,
// translated.
QString criterionTitle(ReviewCriterion criterion);
QString criterionDefinition(ReviewCriterion criterion);
