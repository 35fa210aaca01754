#include "review_statistics.h"

#include <QHash>
#include <QMap>
#include <QSet>

#include <algorithm>
#include <functional>

namespace {

using Key = QPair<qint64, QString>;  // item id, reviewer

// The verdicts of the data by item and reviewer, and the reviewers of each item.
struct Index {
    QHash<Key, QList<ReviewVerdict>> verdicts;
    QHash<qint64, QStringList> reviewersOfItem;

    explicit Index(const ReviewData& data) {
        for (const ReviewVerdict& v : data.verdicts) {
            QList<ReviewVerdict>& list = verdicts[{v.itemId, v.reviewer}];
            if (list.isEmpty())
                reviewersOfItem[v.itemId].append(v.reviewer);
            list.append(v);
        }
    }
    bool judged(qint64 item, const QString& reviewer) const {
        return verdicts.contains({item, reviewer});
    }
    ReviewOverall overall(qint64 item, const QString& reviewer) const {
        return overallDecision(verdicts.value({item, reviewer}));
    }
    std::optional<ReviewDecision> decision(qint64 item, const QString& reviewer,
                                           ReviewCriterion criterion) const {
        for (const ReviewVerdict& v : verdicts.value({item, reviewer})) {
            if (v.criterion == criterion)
                return v.decision;
        }
        return std::nullopt;
    }
};

bool inGroup(const ReviewData::Item& item, ReviewScope scope, const QString& key) {
    switch (scope) {
        case ReviewScope::All:
        case ReviewScope::Criterion:
            return true;
        case ReviewScope::Batch:
            return QString::number(item.batchId) == key;
        case ReviewScope::Model:
            return item.modelName == key;
        case ReviewScope::Profile:
            return item.shopperName == key;
    }
    return false;
}

ReviewRate rateOf(const ReviewData& data, const Index& index, const QString& reviewer,
                  ReviewScope scope, const QString& key) {
    ReviewRate rate;
    rate.scope = scope;
    rate.key = key;
    rate.reviewer = reviewer;
    const std::optional<ReviewCriterion> criterion =
        scope == ReviewScope::Criterion ? parseReviewCriterion(key) : std::nullopt;
    rate.label = scope == ReviewScope::All ? QString() : key;
    // One judgement: accepted, rejected or open.
    const auto count = [&](qint64 item, const QString& who) {
        ++rate.items;
        if (criterion) {
            const std::optional<ReviewDecision> d = index.decision(item, who, *criterion);
            if (d == ReviewDecision::Pass)
                ++rate.accepted;
            else if (d == ReviewDecision::Reject)
                ++rate.rejected;
            else
                ++rate.open;
            return;
        }
        switch (index.overall(item, who)) {
            case ReviewOverall::Accepted:
                ++rate.accepted;
                break;
            case ReviewOverall::Rejected:
                ++rate.rejected;
                break;
            case ReviewOverall::Open:
                ++rate.open;
                break;
        }
    };
    for (const ReviewData::Item& item : data.items) {
        if (!inGroup(item, scope, key))
            continue;
        const int decidedBefore = rate.accepted + rate.rejected;
        if (scope == ReviewScope::Batch)
            rate.label = item.batchName;
        if (!reviewer.isEmpty()) {
            count(item.id, reviewer);
        } else if (const QStringList who = index.reviewersOfItem.value(item.id); who.isEmpty()) {
            ++rate.items;
            ++rate.open;
        } else {
            for (const QString& r : who)
                count(item.id, r);
        }
        if (rate.accepted + rate.rejected > decidedBefore)
            ++rate.decidedItems;
    }
    return rate;
}

}  // namespace

QString scopeId(ReviewScope scope) {
    switch (scope) {
        case ReviewScope::All:
            return QStringLiteral("all");
        case ReviewScope::Batch:
            return QStringLiteral("batch");
        case ReviewScope::Model:
            return QStringLiteral("model");
        case ReviewScope::Profile:
            return QStringLiteral("profile");
        case ReviewScope::Criterion:
            return QStringLiteral("criterion");
    }
    return {};
}

QStringList reviewersOf(const ReviewData& data) {
    QSet<QString> names;
    for (const ReviewVerdict& v : data.verdicts)
        names.insert(v.reviewer);
    QStringList list(names.begin(), names.end());
    std::sort(list.begin(), list.end());
    return list;
}

ReviewRate reviewRate(const ReviewData& data, const QString& reviewer, ReviewScope scope,
                      const QString& key) {
    return rateOf(data, Index(data), reviewer, scope, key);
}

QList<ReviewRate> reviewRates(const ReviewData& data) {
    const Index index(data);
    const QStringList reviewers = QStringList{QString()} + reviewersOf(data);
    QList<ReviewRate> rates;
    const auto add = [&](ReviewScope scope, const QString& key) {
        for (const QString& reviewer : reviewers)
            rates.append(rateOf(data, index, reviewer, scope, key));
    };
    add(ReviewScope::All, {});
    QList<qint64> batchIds;
    QSet<QString> models, profiles;
    for (const ReviewData::Item& item : data.items) {
        if (!batchIds.contains(item.batchId))
            batchIds.append(item.batchId);
        models.insert(item.modelName);
        profiles.insert(item.shopperName);
    }
    std::sort(batchIds.begin(), batchIds.end());
    for (qint64 id : batchIds)
        add(ReviewScope::Batch, QString::number(id));
    for (const QSet<QString>* names : {&models, &profiles}) {
        QStringList sorted(names->begin(), names->end());
        std::sort(sorted.begin(), sorted.end());
        for (const QString& name : sorted)
            add(names == &models ? ReviewScope::Model : ReviewScope::Profile, name);
    }
    for (ReviewCriterion c : reviewCriteria())
        add(ReviewScope::Criterion, criterionId(c));
    return rates;
}

CohenKappa cohensKappa(const QList<QPair<QString, QString>>& ratings) {
    CohenKappa result;
    result.items = int(ratings.size());
    if (ratings.isEmpty())
        return result;
    QHash<QString, int> countA, countB;
    int agreed = 0;
    for (const auto& [a, b] : ratings) {
        ++countA[a];
        ++countB[b];
        if (a == b)
            ++agreed;
    }
    const double n = ratings.size();
    result.observed = agreed / n;
    for (auto it = countA.cbegin(); it != countA.cend(); ++it)
        result.expected += (it.value() / n) * (countB.value(it.key()) / n);
    // p_e = 1 only when both raters used one and the same category throughout.
    if (1.0 - result.expected > 1e-12)
        result.kappa = (result.observed - result.expected) / (1.0 - result.expected);
    return result;
}

QList<ReviewAgreement> reviewAgreement(const ReviewData& data, const QString& reviewerA,
                                       const QString& reviewerB) {
    const Index index(data);
    QList<ReviewAgreement> list;
    for (ReviewCriterion c : reviewCriteria()) {
        QList<QPair<QString, QString>> ratings;
        for (const ReviewData::Item& item : data.items) {
            const auto a = index.decision(item.id, reviewerA, c);
            const auto b = index.decision(item.id, reviewerB, c);
            if (a && b)
                ratings.append({decisionId(*a), decisionId(*b)});
        }
        list.append({reviewerA, reviewerB, criterionId(c), cohensKappa(ratings)});
    }
    QList<QPair<QString, QString>> ratings;
    for (const ReviewData::Item& item : data.items) {
        const ReviewOverall a = index.overall(item.id, reviewerA);
        const ReviewOverall b = index.overall(item.id, reviewerB);
        if (a != ReviewOverall::Open && b != ReviewOverall::Open)
            ratings.append({overallId(a), overallId(b)});
    }
    list.append({reviewerA, reviewerB, QStringLiteral("overall"), cohensKappa(ratings)});
    return list;
}

QList<ReviewAgreement> reviewAgreements(const ReviewData& data) {
    const Index index(data);
    const QStringList reviewers = reviewersOf(data);
    QList<ReviewAgreement> list;
    for (qsizetype a = 0; a < reviewers.size(); ++a) {
        for (qsizetype b = a + 1; b < reviewers.size(); ++b) {
            const bool shared = std::any_of(data.items.begin(), data.items.end(),
                                            [&](const ReviewData::Item& item) {
                                                return index.judged(item.id, reviewers[a]) &&
                                                       index.judged(item.id, reviewers[b]);
                                            });
            if (shared)
                list += reviewAgreement(data, reviewers[a], reviewers[b]);
        }
    }
    return list;
}
