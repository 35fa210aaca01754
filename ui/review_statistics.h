#pragma once

#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>

#include <optional>

#include "review_data.h"

// The paper's human evaluation: the available rate, the share of ads accepted (all six criteria
// pass), per batch, model and profile, and per criterion the share passing it; and the agreement
// of two reviewers who judged the same ads (Cohen's kappa). Plain functions of ReviewData, so
// they are tested on hand-made verdicts. docs/formats.md, "Review exports", names the fields.

// What a rate is taken over.
enum class ReviewScope {
    All,        // every item of the data
    Batch,      // the items of one batch (key: the batch id)
    Model,      // the items one model made (key: the model name)
    Profile,    // the items made for one shopper profile (key: the shopper name; "" none)
    Criterion,  // every item, counted on one criterion (key: the criterion id)
};
QString scopeId(ReviewScope scope);  // "all", "batch", "model", "profile", "criterion"

// One rate. For one reviewer, `items` are the items of the group and each is accepted, rejected
// or open (overall decision; items the reviewer has not judged are open); in the Criterion scope
// an item counts as accepted when that criterion passes, rejected when it is rejected, else open.
// With `reviewer` empty the judgements of all reviewers are pooled: every (item, reviewer) pair
// with a verdict counts once, and an item nobody judged counts once as open.
// The rate is accepted / (accepted + rejected): open items are left out (the paper judged every
// item, where this is accepted / items), and it is undefined while nothing is decided.
struct ReviewRate {
    ReviewScope scope = ReviewScope::All;
    QString key;
    QString label;     // the batch's name, the model, the shopper, the criterion id; "" for All
    QString reviewer;  // "" : all reviewers pooled
    int items = 0;
    int decidedItems = 0;  // distinct items accepted or rejected (by anyone, when pooled)
    int accepted = 0;
    int rejected = 0;
    int open = 0;
    std::optional<double> rate() const {
        const int decided = accepted + rejected;
        return decided > 0 ? std::optional<double>(double(accepted) / decided) : std::nullopt;
    }
};

// The reviewers with verdicts in the data, by name.
QStringList reviewersOf(const ReviewData& data);
// One rate: `reviewer` ("" pooled) over the items of the scope's group `key`.
ReviewRate reviewRate(const ReviewData& data, const QString& reviewer,
                      ReviewScope scope = ReviewScope::All, const QString& key = {});
// Every rate: the scopes in the order of ReviewScope, groups by batch id, by name, criteria in
// checklist order; within a group pooled first, then each reviewer by name.
QList<ReviewRate> reviewRates(const ReviewData& data);

// Cohen's kappa of two raters over the same items, each rating a category name:
//
//     kappa = (p_o - p_e) / (1 - p_e)
//     p_o   = (1/N) * #{i : a_i = b_i}                     (observed agreement)
//     p_e   = sum over categories k of (n_a(k)/N) * (n_b(k)/N)   (agreement expected by chance
//                                                          from each rater's own shares)
//
// 1 is perfect agreement, 0 what chance gives, below 0 worse than chance. Undefined (nothing)
// without items, or when p_e = 1 (both raters gave every item one and the same category: no
// variation to agree on).
struct CohenKappa {
    int items = 0;
    double observed = 0;  // p_o
    double expected = 0;  // p_e
    std::optional<double> kappa;
};
CohenKappa cohensKappa(const QList<QPair<QString, QString>>& ratings);

// Agreement of two reviewers: per criterion over the items both decided on it (categories pass,
// reject, unsure), and `criterion` "overall" over the items both accepted or rejected as a whole.
struct ReviewAgreement {
    QString reviewerA;
    QString reviewerB;
    QString criterion;  // a criterion id, or "overall"
    CohenKappa kappa;
};
// The six criteria in checklist order, then "overall".
QList<ReviewAgreement> reviewAgreement(const ReviewData& data, const QString& reviewerA,
                                       const QString& reviewerB);
// reviewAgreement for every pair of reviewers (by name, A < B) who both judged at least one item.
QList<ReviewAgreement> reviewAgreements(const ReviewData& data);
