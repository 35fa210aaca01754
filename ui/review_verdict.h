#pragma once

#include <QDateTime>
#include <QList>
#include <QString>
#include <QtGlobal>

#include "review_criterion.h"
#include "review_decision.h"

// One reviewer's decision on one criterion of one review item, with a note (why it was
// rejected, what to look at). A reviewer has at most one verdict per item and criterion;
// changing it keeps `created` and moves `modified`.
struct ReviewVerdict {
    qint64 id = -1;
    qint64 itemId = -1;
    QString reviewer;
    ReviewCriterion criterion = ReviewCriterion::SizeMismatch;
    ReviewDecision decision = ReviewDecision::Unsure;
    QString note;
    QDateTime created;   // UTC
    QDateTime modified;  // UTC

    bool operator==(const ReviewVerdict& other) const {
        return id == other.id && itemId == other.itemId && reviewer == other.reviewer &&
               criterion == other.criterion && decision == other.decision && note == other.note &&
               created == other.created && modified == other.modified;
    }
};

// The overall decision of `verdicts`, all of one item by one reviewer: rejected when any
// criterion is rejected, accepted when all six pass, otherwise open.
ReviewOverall overallDecision(const QList<ReviewVerdict>& verdicts);
