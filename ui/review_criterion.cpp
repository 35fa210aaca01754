#include "review_criterion.h"

#include <QCoreApplication>

const QList<ReviewCriterion>& reviewCriteria() {
    static const QList<ReviewCriterion> all = {
        ReviewCriterion::SizeMismatch,  ReviewCriterion::ShapeHallucination,
        ReviewCriterion::SpaceMismatch, ReviewCriterion::VisualPerception,
        ReviewCriterion::Factuality,    ReviewCriterion::Readability};
    return all;
}

QString criterionId(ReviewCriterion criterion) {
    switch (criterion) {
        case ReviewCriterion::SizeMismatch:
            return QStringLiteral("size-mismatch");
        case ReviewCriterion::ShapeHallucination:
            return QStringLiteral("shape-hallucination");
        case ReviewCriterion::SpaceMismatch:
            return QStringLiteral("space-mismatch");
        case ReviewCriterion::VisualPerception:
            return QStringLiteral("visual-perception");
        case ReviewCriterion::Factuality:
            return QStringLiteral("factuality");
        case ReviewCriterion::Readability:
            return QStringLiteral("readability");
    }
    return {};
}

std::optional<ReviewCriterion> parseReviewCriterion(const QString& id) {
    for (ReviewCriterion criterion : reviewCriteria()) {
        if (criterionId(criterion) == id)
            return criterion;
    }
    return std::nullopt;
}

bool isImageCriterion(ReviewCriterion criterion) {
    return criterion != ReviewCriterion::Factuality && criterion != ReviewCriterion::Readability;
}

QString criterionTitle(ReviewCriterion criterion) {
    switch (criterion) {
        case ReviewCriterion::SizeMismatch:
            return QCoreApplication::translate("ReviewCriterion", "Size mismatch");
        case ReviewCriterion::ShapeHallucination:
            return QCoreApplication::translate("ReviewCriterion", "Shape hallucination");
        case ReviewCriterion::SpaceMismatch:
            return QCoreApplication::translate("ReviewCriterion", "Space mismatch");
        case ReviewCriterion::VisualPerception:
            return QCoreApplication::translate("ReviewCriterion", "Visual perception");
        case ReviewCriterion::Factuality:
            return QCoreApplication::translate("ReviewCriterion", "Factuality");
        case ReviewCriterion::Readability:
            return QCoreApplication::translate("ReviewCriterion", "Readability");
    }
    return {};
}

QString criterionDefinition(ReviewCriterion criterion) {
    switch (criterion) {
        case ReviewCriterion::SizeMismatch:
            return QCoreApplication::translate(
                "ReviewCriterion",
                "Reject when the product is out of proportion with the scene: too large or "
                "too small for the objects and the space around it.");
        case ReviewCriterion::ShapeHallucination:
            return QCoreApplication::translate(
                "ReviewCriterion",
                "Reject when objects that are not part of the product are attached to it, or "
                "hollow areas of the product are filled wrongly.");
        case ReviewCriterion::SpaceMismatch:
            return QCoreApplication::translate(
                "ReviewCriterion",
                "Reject when the product floats or stands at an angle the scene contradicts. "
                "Blurred or atmospheric backgrounds are exempt.");
        case ReviewCriterion::VisualPerception:
            return QCoreApplication::translate(
                "ReviewCriterion",
                "Reject when people are distorted (faces, hands, bodies), or the background "
                "hides the product by a similar colour or by clutter.");
        case ReviewCriterion::Factuality:
            return QCoreApplication::translate(
                "ReviewCriterion",
                "Reject when the copy has words or claims absent from the selling points, "
                "sensitive content, or exaggerated or false claims.");
        case ReviewCriterion::Readability:
            return QCoreApplication::translate(
                "ReviewCriterion",
                "Reject when the copy is incoherent, a direct copy of the selling points, or "
                "repeats itself severely.");
    }
    return {};
}
