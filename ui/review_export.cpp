#include "review_export.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>

#include <algorithm>

#include "generation_recipe.h"
#include "png_text_chunk.h"

namespace {

QString tr(const char* text) {
    return QCoreApplication::translate("ReviewExport", text);
}

QString timeText(const QDateTime& time) {
    return time.isValid() ? time.toUTC().toString(Qt::ISODateWithMs) : QString();
}

// A CSV field: quoted when it holds a separator, a quote or a line break (quotes doubled).
QString csvField(const QString& value) {
    if (!value.contains(QLatin1Char(',')) && !value.contains(QLatin1Char('"')) &&
        !value.contains(QLatin1Char('\n')) && !value.contains(QLatin1Char('\r')))
        return value;
    QString quoted = value;
    quoted.replace(QLatin1Char('"'), QStringLiteral("\"\""));
    return QLatin1Char('"') + quoted + QLatin1Char('"');
}

void appendLine(QByteArray& csv, const QStringList& fields) {
    QStringList line;
    for (const QString& f : fields)
        line << csvField(f);
    csv += line.join(QLatin1Char(',')).toUtf8() + "\r\n";
}

QString number(const std::optional<double>& value) {
    return value ? QString::number(*value, 'f', 6) : QString();
}
QJsonValue jsonNumber(const std::optional<double>& value) {
    return value ? QJsonValue(*value) : QJsonValue();
}

// The verdicts of each (item, reviewer), in the data's order.
QHash<qint64, QList<QPair<QString, QList<ReviewVerdict>>>> verdictsByItem(const ReviewData& data) {
    QHash<qint64, QList<QPair<QString, QList<ReviewVerdict>>>> byItem;
    for (const ReviewVerdict& v : data.verdicts) {
        auto& reviews = byItem[v.itemId];
        auto it = std::find_if(reviews.begin(), reviews.end(),
                               [&](const auto& r) { return r.first == v.reviewer; });
        if (it == reviews.end()) {
            reviews.append({v.reviewer, {}});
            it = reviews.end() - 1;
        }
        it->second.append(v);
    }
    return byItem;
}

}  // namespace

QByteArray reviewVerdictsCsv(const ReviewData& data) {
    QByteArray csv;
    appendLine(csv,
               {QStringLiteral("batch_id"), QStringLiteral("batch_name"), QStringLiteral("item_id"),
                QStringLiteral("position"), QStringLiteral("model"), QStringLiteral("shopper"),
                QStringLiteral("copy"), QStringLiteral("reviewer"), QStringLiteral("overall"),
                QStringLiteral("criterion"), QStringLiteral("decision"), QStringLiteral("note"),
                QStringLiteral("created"), QStringLiteral("modified")});
    const auto byItem = verdictsByItem(data);
    for (const ReviewData::Item& item : data.items) {
        for (const auto& [reviewer, verdicts] : byItem.value(item.id)) {
            const QString overall = overallId(overallDecision(verdicts));
            for (const ReviewVerdict& v : verdicts) {
                appendLine(csv, {QString::number(item.batchId), item.batchName,
                                 QString::number(item.id), QString::number(item.position),
                                 item.modelName, item.shopperName, item.copy, reviewer, overall,
                                 criterionId(v.criterion), decisionId(v.decision), v.note,
                                 timeText(v.created), timeText(v.modified)});
            }
        }
    }
    return csv;
}

QJsonObject reviewVerdictsJson(const ReviewData& data) {
    const auto byItem = verdictsByItem(data);
    QJsonArray items;
    for (const ReviewData::Item& item : data.items) {
        QJsonArray reviews;
        for (const auto& [reviewer, verdicts] : byItem.value(item.id)) {
            QJsonArray list;
            for (const ReviewVerdict& v : verdicts) {
                list.append(QJsonObject{{QStringLiteral("criterion"), criterionId(v.criterion)},
                                        {QStringLiteral("decision"), decisionId(v.decision)},
                                        {QStringLiteral("note"), v.note},
                                        {QStringLiteral("created"), timeText(v.created)},
                                        {QStringLiteral("modified"), timeText(v.modified)}});
            }
            reviews.append(
                QJsonObject{{QStringLiteral("reviewer"), reviewer},
                            {QStringLiteral("overall"), overallId(overallDecision(verdicts))},
                            {QStringLiteral("verdicts"), list}});
        }
        items.append(QJsonObject{{QStringLiteral("item_id"), item.id},
                                 {QStringLiteral("batch_id"), item.batchId},
                                 {QStringLiteral("batch_name"), item.batchName},
                                 {QStringLiteral("position"), item.position},
                                 {QStringLiteral("model"), item.modelName},
                                 {QStringLiteral("shopper"), item.shopperName},
                                 {QStringLiteral("copy"), item.copy},
                                 {QStringLiteral("reviews"), reviews}});
    }
    return {{QStringLiteral("format"), QStringLiteral("adgen-review-verdicts")},
            {QStringLiteral("version"), 1},
            {QStringLiteral("items"), items}};
}

QByteArray reviewRatesCsv(const QList<ReviewRate>& rates) {
    QByteArray csv;
    appendLine(csv, {QStringLiteral("scope"), QStringLiteral("key"), QStringLiteral("label"),
                     QStringLiteral("reviewer"), QStringLiteral("items"),
                     QStringLiteral("decided_items"), QStringLiteral("accepted"),
                     QStringLiteral("rejected"), QStringLiteral("open"), QStringLiteral("rate")});
    for (const ReviewRate& r : rates) {
        appendLine(csv, {scopeId(r.scope), r.key, r.label, r.reviewer, QString::number(r.items),
                         QString::number(r.decidedItems), QString::number(r.accepted),
                         QString::number(r.rejected), QString::number(r.open), number(r.rate())});
    }
    return csv;
}

QByteArray reviewAgreementCsv(const QList<ReviewAgreement>& agreements) {
    QByteArray csv;
    appendLine(csv, {QStringLiteral("reviewer_a"), QStringLiteral("reviewer_b"),
                     QStringLiteral("criterion"), QStringLiteral("items"),
                     QStringLiteral("observed_agreement"), QStringLiteral("expected_agreement"),
                     QStringLiteral("kappa")});
    for (const ReviewAgreement& a : agreements) {
        const bool any = a.kappa.items > 0;
        appendLine(csv, {a.reviewerA, a.reviewerB, a.criterion, QString::number(a.kappa.items),
                         any ? number(a.kappa.observed) : QString(),
                         any ? number(a.kappa.expected) : QString(), number(a.kappa.kappa)});
    }
    return csv;
}

QJsonObject reviewStatisticsJson(const ReviewData& data) {
    QJsonArray rates;
    for (const ReviewRate& r : reviewRates(data)) {
        rates.append(QJsonObject{{QStringLiteral("scope"), scopeId(r.scope)},
                                 {QStringLiteral("key"), r.key},
                                 {QStringLiteral("label"), r.label},
                                 {QStringLiteral("reviewer"), r.reviewer},
                                 {QStringLiteral("items"), r.items},
                                 {QStringLiteral("decided_items"), r.decidedItems},
                                 {QStringLiteral("accepted"), r.accepted},
                                 {QStringLiteral("rejected"), r.rejected},
                                 {QStringLiteral("open"), r.open},
                                 {QStringLiteral("rate"), jsonNumber(r.rate())}});
    }
    QJsonArray agreement;
    for (const ReviewAgreement& a : reviewAgreements(data)) {
        const bool any = a.kappa.items > 0;
        agreement.append(QJsonObject{{QStringLiteral("reviewer_a"), a.reviewerA},
                                     {QStringLiteral("reviewer_b"), a.reviewerB},
                                     {QStringLiteral("criterion"), a.criterion},
                                     {QStringLiteral("items"), a.kappa.items},
                                     {QStringLiteral("observed_agreement"),
                                      any ? QJsonValue(a.kappa.observed) : QJsonValue()},
                                     {QStringLiteral("expected_agreement"),
                                      any ? QJsonValue(a.kappa.expected) : QJsonValue()},
                                     {QStringLiteral("kappa"), jsonNumber(a.kappa.kappa)}});
    }
    return {{QStringLiteral("format"), QStringLiteral("adgen-review-statistics")},
            {QStringLiteral("version"), 1},
            {QStringLiteral("reviewers"), QJsonArray::fromStringList(reviewersOf(data))},
            {QStringLiteral("rates"), rates},
            {QStringLiteral("agreement"), agreement}};
}

QJsonObject reviewJson(const ReviewItem& item, const QString& batchName, const QString& reviewer,
                       const QList<ReviewVerdict>& verdicts) {
    QList<ReviewVerdict> mine;
    for (const ReviewVerdict& v : verdicts) {
        if (v.reviewer == reviewer && v.itemId == item.id)
            mine.append(v);
    }
    QJsonArray criteria;
    QDateTime reviewed;
    for (ReviewCriterion c : reviewCriteria()) {
        const auto it = std::find_if(mine.begin(), mine.end(),
                                     [c](const ReviewVerdict& v) { return v.criterion == c; });
        QJsonObject entry{{QStringLiteral("criterion"), criterionId(c)}};
        if (it == mine.end()) {
            entry.insert(QStringLiteral("decision"), QJsonValue());
            entry.insert(QStringLiteral("note"), QString());
            entry.insert(QStringLiteral("modified"), QJsonValue());
        } else {
            entry.insert(QStringLiteral("decision"), decisionId(it->decision));
            entry.insert(QStringLiteral("note"), it->note);
            entry.insert(QStringLiteral("modified"), timeText(it->modified));
            if (!reviewed.isValid() || it->modified > reviewed)
                reviewed = it->modified;
        }
        criteria.append(entry);
    }
    const QJsonObject about{
        {QStringLiteral("batch"), batchName},
        {QStringLiteral("position"), item.position},
        {QStringLiteral("copy"), item.copy},
        {QStringLiteral("selling_points"), QJsonArray::fromStringList(item.sellingPoints)},
        {QStringLiteral("model"), item.modelName},
        {QStringLiteral("shopper"), item.shopperName},
        {QStringLiteral("source"), item.sourcePath}};
    return {{QStringLiteral("format"), QStringLiteral("adgen-review")},
            {QStringLiteral("version"), 1},
            {QStringLiteral("reviewer"), reviewer},
            {QStringLiteral("overall"), overallId(overallDecision(mine))},
            {QStringLiteral("reviewed"),
             reviewed.isValid() ? QJsonValue(timeText(reviewed)) : QJsonValue()},
            {QStringLiteral("criteria"), criteria},
            {QStringLiteral("item"), about}};
}

bool writeReviewedPng(const QString& path, const ReviewItem& item, AdImage which,
                      const QJsonObject& review, ExportProblem* problem) {
    const auto failed = [problem](const QString& what, const QString& fix) {
        if (problem)
            *problem = {what, fix};
        return false;
    };
    const bool fusion = which == AdImage::Fusion && !item.fusionPng.isEmpty();
    QByteArray png = fusion ? item.fusionPng : item.imagePng;
    if (png.isEmpty())
        return failed(tr("The ad's picture is not loaded."),
                      tr("Read the item with its pictures, then export it."));
    QString why;
    if (!item.recipe.isEmpty()) {
        const std::optional<GenerationRecipe> recipe =
            GenerationRecipe::fromJson(item.recipe, &why);
        if (!recipe)
            return failed(tr("The ad's recipe cannot be read (%1).").arg(why),
                          tr("Export it without the recipe."));
        png = withItxtChunk(
            png, kRecipeKeyword,
            QString::fromUtf8(
                QJsonDocument(exportedRecipeJson(*recipe, item.variantNumber,
                                                 fusion ? AdImage::Fusion : AdImage::Raw))
                    .toJson(QJsonDocument::Compact)),
            &why);
        if (png.isEmpty())
            return failed(tr("The recipe could not be added to the PNG: %1.").arg(why),
                          tr("Export it as JPEG instead."));
    }
    png = withItxtChunk(png, kReviewKeyword,
                        QString::fromUtf8(QJsonDocument(review).toJson(QJsonDocument::Compact)),
                        &why);
    if (png.isEmpty())
        return failed(tr("The review could not be added to the PNG: %1.").arg(why),
                      tr("Export the verdicts as CSV or JSON instead."));
    return saveAtomically(path, png, problem);
}

std::optional<QJsonObject> readReviewFromPng(const QString& path, QString* error) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        if (error)
            *error =
                tr("%1 cannot be read: %2.").arg(QFileInfo(path).fileName(), file.errorString());
        return std::nullopt;
    }
    QString text, why;
    switch (readItxtChunk(file.readAll(), kReviewKeyword, &text, &why)) {
        case PngTextLookup::Found: {
            QJsonParseError parseError;
            const QJsonDocument document = QJsonDocument::fromJson(text.toUtf8(), &parseError);
            if (document.isObject() &&
                document.object().value(QStringLiteral("format")) == QLatin1String("adgen-review"))
                return document.object();
            if (error)
                *error = tr("The review in %1 is damaged.").arg(QFileInfo(path).fileName());
            return std::nullopt;
        }
        case PngTextLookup::NotFound:
            if (error)
                *error = tr("%1 holds no review.").arg(QFileInfo(path).fileName());
            return std::nullopt;
        case PngTextLookup::NotPng:
        case PngTextLookup::Damaged:
            if (error)
                *error = tr("%1 is not a readable PNG: %2").arg(QFileInfo(path).fileName(), why);
            return std::nullopt;
    }
    return std::nullopt;
}
