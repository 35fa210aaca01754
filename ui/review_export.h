#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QString>

#include <optional>

#include "ad_export.h"  // AdImage, ExportProblem, saveAtomically
#include "review_data.h"
#include "review_item.h"
#include "review_statistics.h"
#include "review_verdict.h"

// The review lane's files (docs/formats.md, "Review exports"): the verdicts and the statistics as
// CSV (RFC 4180, UTF-8, CRLF, a header line of stable column names) and as JSON, and reviewed ads
// as PNG carrying their recipe (when known) and the review in iTXt chunks.

// One line per verdict: batch_id, batch_name, item_id, position, model, shopper, copy, reviewer,
// overall (the reviewer's overall decision on the item), criterion, decision, note, created,
// modified.
QByteArray reviewVerdictsCsv(const ReviewData& data);
// {"format": "adgen-review-verdicts", "version": 1, "items": [{item_id, batch_id, batch_name,
// position, model, shopper, copy, "reviews": [{reviewer, overall, "verdicts": [{criterion,
// decision, note, created, modified}]}]}]}: every item, judged or not.
QJsonObject reviewVerdictsJson(const ReviewData& data);
// scope, key, label, reviewer, items, decided_items, accepted, rejected, open, rate (empty when
// undefined; rates and agreements with six decimals).
QByteArray reviewRatesCsv(const QList<ReviewRate>& rates);
// reviewer_a, reviewer_b, criterion, items, observed_agreement, expected_agreement, kappa.
QByteArray reviewAgreementCsv(const QList<ReviewAgreement>& agreements);
// {"format": "adgen-review-statistics", "version": 1, "reviewers": [...], "rates": [...],
// "agreement": [...]} with the CSV columns as keys (undefined numbers as null).
QJsonObject reviewStatisticsJson(const ReviewData& data);

// The PNG text keyword the review is stored under (next to kRecipeKeyword).
inline constexpr char kReviewKeyword[] = "adgen-review";

// The review of one item by one reviewer: {"format": "adgen-review", "version": 1, reviewer,
// overall, reviewed (the latest verdict's time), "criteria": [{criterion, decision (null when
// not judged), note, modified}] (all six, checklist order), "item": {batch, position, copy,
// selling_points, model, shopper, source}}.
QJsonObject reviewJson(const ReviewItem& item, const QString& batchName, const QString& reviewer,
                       const QList<ReviewVerdict>& verdicts);
// Writes the item's picture (`which`: the fusion picture when it has one, else the raw one) as a
// PNG with the recipe (exportedRecipeJson of the item's recipe and variant, when it has a recipe)
// and `review`, each in its own iTXt chunk; written atomically. The item needs its pictures.
bool writeReviewedPng(const QString& path, const ReviewItem& item, AdImage which,
                      const QJsonObject& review, ExportProblem* problem = nullptr);
// The review in a PNG written by writeReviewedPng; nothing, and why in `error`, when there is none.
std::optional<QJsonObject> readReviewFromPng(const QString& path, QString* error = nullptr);
