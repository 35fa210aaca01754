#include "review_store.h"

#include <QBuffer>
#include <QFileInfo>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMap>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QVariant>

#include <algorithm>

#include "adgen/error.h"
#include "generation_history_store.h"
#include "product_controller.h"  // localPathFrom
#include "review_folder_import.h"
#include "saved_generation.h"
#include "sql_statement.h"
#include "studio_database.h"

namespace {

using Statement = SqlStatement;

constexpr const char* kComponent = "review";

QString now() {
    return QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs);
}

QDateTime timeFrom(const QVariant& value) {
    QDateTime time = QDateTime::fromString(value.toString(), Qt::ISODateWithMs);
    time.setTimeSpec(Qt::UTC);
    return time;
}

std::string text(const QString& s) {
    return s.toStdString();
}

[[noreturn]] void fail(const QString& problem, const QString& fix) {
    throw adgen::Error(text(problem), text(fix));
}

QByteArray encodePng(const QImage& image) {
    if (image.isNull())
        return {};
    const QImage stored = image.convertToFormat(image.hasAlphaChannel() ? QImage::Format_RGBA8888
                                                                        : QImage::Format_RGB888);
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    if (!stored.save(&buffer, "PNG"))
        fail(ReviewStore::tr("An ad's picture could not be encoded as PNG."),
             ReviewStore::tr("Check that the Qt PNG image plugin is installed."));
    return bytes;
}

QVariant blobValue(const QByteArray& bytes) {
    return bytes.isEmpty() ? QVariant(QMetaType(QMetaType::QByteArray)) : QVariant(bytes);
}

// Qt SQL binds a null QString as NULL; the text columns are NOT NULL and hold "" instead.
QString textValue(const QString& value) {
    return value.isNull() ? QStringLiteral("") : value;
}

QString jsonText(const QJsonObject& object) {
    return object.isEmpty()
               ? QString()
               : QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact));
}
QString jsonText(const QStringList& list) {
    return QString::fromUtf8(
        QJsonDocument(QJsonArray::fromStringList(list)).toJson(QJsonDocument::Compact));
}

QStringList stringList(const QVariant& value) {
    QStringList list;
    for (const QJsonValue& v : QJsonDocument::fromJson(value.toString().toUtf8()).array())
        list << v.toString();
    return list;
}

constexpr const char* kBatchSelect =
    "SELECT b.id, b.name, b.created, b.source_kind, b.source, "
    "(SELECT COUNT(*) FROM review_items i WHERE i.batch_id = b.id) FROM review_batches b ";

ReviewBatchSummary batchFrom(const QSqlQuery& query) {
    ReviewBatchSummary b;
    b.id = query.value(0).toLongLong();
    b.name = query.value(1).toString();
    b.created = timeFrom(query.value(2));
    b.sourceKind = query.value(3).toString();
    b.source = query.value(4).toString();
    b.itemCount = query.value(5).toInt();
    return b;
}

constexpr const char* kItemSelect =
    "SELECT id, batch_id, position, copy, selling_points, recipe, variant_number, model_name, "
    "shopper_name, "
    "source_path, fusion_image IS NOT NULL FROM review_items ";

ReviewItem itemFrom(const QSqlQuery& query) {
    ReviewItem item;
    item.id = query.value(0).toLongLong();
    item.batchId = query.value(1).toLongLong();
    item.position = query.value(2).toInt();
    item.copy = query.value(3).toString();
    item.sellingPoints = stringList(query.value(4));
    item.recipe = QJsonDocument::fromJson(query.value(5).toString().toUtf8()).object();
    item.variantNumber = query.value(6).toInt();
    item.modelName = query.value(7).toString();
    item.shopperName = query.value(8).toString();
    item.sourcePath = query.value(9).toString();
    item.hasFusion = query.value(10).toBool();
    return item;
}

constexpr const char* kVerdictSelect =
    "SELECT v.id, v.item_id, v.reviewer, v.criterion, v.decision, v.note, v.created, v.modified "
    "FROM review_verdicts v ";

ReviewVerdict verdictFrom(const QSqlQuery& query) {
    ReviewVerdict v;
    v.id = query.value(0).toLongLong();
    v.itemId = query.value(1).toLongLong();
    v.reviewer = query.value(2).toString();
    v.criterion =
        parseReviewCriterion(query.value(3).toString()).value_or(ReviewCriterion::SizeMismatch);
    v.decision = parseReviewDecision(query.value(4).toString()).value_or(ReviewDecision::Unsure);
    v.note = query.value(5).toString();
    v.created = timeFrom(query.value(6));
    v.modified = timeFrom(query.value(7));
    return v;
}

// "criterion IN ('size-mismatch', ...)" for the table's CHECK.
QString quotedList(const QStringList& values) {
    QStringList quoted;
    for (const QString& v : values)
        quoted << QLatin1Char('\'') + v + QLatin1Char('\'');
    return quoted.join(QStringLiteral(", "));
}

// Sorts verdicts in checklist order (the table would order the criteria by their names).
QString criterionOrder() {
    QString order = QStringLiteral("CASE v.criterion");
    for (ReviewCriterion c : reviewCriteria())
        order += QStringLiteral(" WHEN '%1' THEN %2").arg(criterionId(c)).arg(int(c));
    return order + QStringLiteral(" END");
}

QString idList(const QList<qint64>& ids) {
    QStringList list;
    for (qint64 id : ids)
        list << QString::number(id);
    return list.join(QLatin1Char(','));
}

}  // namespace

ReviewStore::ReviewStore(QObject* parent)
    : QObject(parent),
      database_(
          QString::fromLatin1(kComponent), kSchemaVersion, QStringLiteral("adgen-review"),
          {tr("The SQLite driver of Qt SQL is not installed, so the review store cannot be "
              "opened."),
           tr("The folder of the studio database %1 cannot be created."),
           tr("The studio database %1 cannot be opened (%2)."),
           tr("%1 is not a studio database this studio can use: %2"),
           "The review store %s is not in WAL mode (the file system may not support it).",
           tr("The review store could not %1 (%2)."),
           tr("Check that the disk is not full and that the studio's database "
              "file may be written; "
              "if it is damaged, move it away and the studio starts a new one."),
           tr("The review store could not start a transaction."),
           tr("it was written by a newer AdGen Studio (review tables version %1, this "
              "one reads %2)."),
           tr("Update AdGen Studio, or open another database."),
           tr("The review store could not save its tables (%1)."),
           tr("The review store %1 could not start a change (%2)."),
           tr("The review store %1 could not save the change (%2).")}) {}

ReviewStore::~ReviewStore() {
    close();
}

bool ReviewStore::open(const QString& path) {
    close();
    // Durable commits: a verdict whose call returned survives a power cut too.
    if (!settle(failureOf([&] { database_.open(path, [this] { createTables(); }, {}, true); })))
        return false;
    Q_EMIT openChanged();
    Q_EMIT batchesChanged();
    return true;
}

void ReviewStore::close() {
    if (!isOpen())
        return;
    database_.close();
    Q_EMIT openChanged();
    Q_EMIT batchesChanged();
}

void ReviewStore::createTables() {
    // AUTOINCREMENT: ids are never reused, so a thumbnail cached under an item id can
    // never show another item's picture after a delete. Batches copy nothing from the
    // history: deleting the generation leaves its review batch whole.
    Statement(database_,
              QStringLiteral("CREATE TABLE review_batches (id INTEGER PRIMARY KEY AUTOINCREMENT, "
                             "name TEXT NOT NULL, created TEXT NOT NULL, "
                             "source_kind TEXT NOT NULL CHECK (source_kind IN ('studio', 'import')), "
                             "source TEXT NOT NULL DEFAULT '')"),
              tr("create its batches table"))
        .run();
    Statement(database_,
              QStringLiteral(
                  "CREATE TABLE review_items (id INTEGER PRIMARY KEY AUTOINCREMENT, "
                  "batch_id INTEGER NOT NULL REFERENCES review_batches(id) ON DELETE CASCADE, "
                  "position INTEGER NOT NULL, image BLOB NOT NULL, fusion_image BLOB, "
                  "copy TEXT NOT NULL DEFAULT '', selling_points TEXT NOT NULL DEFAULT '[]', "
                  "recipe TEXT NOT NULL DEFAULT '', variant_number INTEGER NOT NULL DEFAULT 0, "
                  "model_name TEXT NOT NULL DEFAULT '', shopper_name TEXT NOT NULL DEFAULT '', "
                  "source_path TEXT NOT NULL DEFAULT '')"),
              tr("create its items table"))
        .run();
    Statement(database_,
              QStringLiteral("CREATE INDEX review_items_batch ON review_items (batch_id, position)"),
              tr("index its items"))
        .run();
    QStringList criteria;
    for (ReviewCriterion c : reviewCriteria())
        criteria << criterionId(c);
    Statement(database_,
              QStringLiteral(
                  "CREATE TABLE review_verdicts (id INTEGER PRIMARY KEY AUTOINCREMENT, "
                  "item_id INTEGER NOT NULL REFERENCES review_items(id) ON DELETE CASCADE, "
                  "reviewer TEXT NOT NULL, criterion TEXT NOT NULL CHECK (criterion IN (%1)), "
                  "decision TEXT NOT NULL CHECK (decision IN ('pass', 'reject', 'unsure')), "
                  "note TEXT NOT NULL DEFAULT '', created TEXT NOT NULL, modified TEXT NOT NULL, "
                  "UNIQUE (item_id, reviewer, criterion))")
                  .arg(quotedList(criteria)),
              tr("create its verdicts table"))
        .run();
}

template <typename Write>
bool ReviewStore::transaction(const Write& write) {
    return requireOpen() && settle(failureOf([&] { database_.transaction(write); }));
}

bool ReviewStore::settle(const std::optional<adgen::Error>& failure) {
    if (failure)
        setError(QString::fromStdString(failure->problem()), QString::fromStdString(failure->fix()));
    else
        clearError();
    return !failure;
}

bool ReviewStore::requireOpen() {
    if (isOpen())
        return true;
    setError(tr("No review store is open."),
             tr("Open one first (the studio opens its own at start)."));
    return false;
}

// --- Batches ---

qint64 ReviewStore::createBatch(const QString& name, const QString& sourceKind,
                                const QString& source, const QList<ReviewItem>& items) {
    const QString batchName = name.trimmed();
    if (batchName.isEmpty()) {
        setError(tr("A review batch needs a name."), tr("Give the batch a name."));
        return -1;
    }
    if (sourceKind != QLatin1String("studio") && sourceKind != QLatin1String("import")) {
        setError(tr("A review batch comes from the studio or from an import, not from \"%1\".")
                     .arg(sourceKind),
                 tr("Create it from a generation of the history or by importing a folder."));
        return -1;
    }
    if (items.isEmpty()) {
        setError(tr("The review batch \"%1\" would have no ads.").arg(batchName),
                 tr("Choose a generation with finished variants, or a folder with ads."));
        return -1;
    }
    for (const ReviewItem& item : items) {
        if (item.imagePng.isEmpty()) {
            setError(tr("Ad %1 of the batch has no picture.").arg(item.position),
                     tr("Review only finished ads, which have their pictures."));
            return -1;
        }
    }
    qint64 id = -1;
    const bool written = transaction([&] {
        QSqlQuery batch =
            Statement(
                database_,
                QStringLiteral("INSERT INTO review_batches (name, created, source_kind, source) "
                               "VALUES (?, ?, ?, ?)"),
                tr("create the review batch"))
                .bind(batchName)
                .bind(now())
                .bind(sourceKind)
                .bind(textValue(source))
                .run();
        id = batch.lastInsertId().toLongLong();
        for (const ReviewItem& item : items) {
            Statement(
                database_,
                QStringLiteral(
                    "INSERT INTO review_items (batch_id, position, image, fusion_image, copy, "
                    "selling_points, recipe, variant_number, model_name, shopper_name, "
                    "source_path) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
                tr("add ad %1 to the batch").arg(item.position))
                .bind(id)
                .bind(item.position)
                .bind(item.imagePng)
                .bind(blobValue(item.fusionPng))
                .bind(textValue(item.copy))
                .bind(jsonText(item.sellingPoints))
                .bind(textValue(jsonText(item.recipe)))
                .bind(item.variantNumber)
                .bind(textValue(item.modelName))
                .bind(textValue(item.shopperName))
                .bind(textValue(item.sourcePath))
                .run();
        }
    });
    if (!written)
        return -1;
    Q_EMIT batchesChanged();
    return id;
}

qint64 ReviewStore::createBatchFromGeneration(qint64 generationId,
                                              const SavedGeneration& generation,
                                              const QString& name) {
    QList<ReviewItem> items;
    try {
        for (const SavedVariant& v : generation.variants) {
            if (v.state != QLatin1String("done") || (v.image.isNull() && v.fusionImage.isNull()))
                continue;
            ReviewItem item;
            item.position = int(items.size()) + 1;
            item.copy = v.title;
            item.sellingPoints = generation.recipe.sellingPoints;
            item.recipe = generation.recipe.toJson();
            item.variantNumber = v.number;
            item.modelName = generation.recipe.modelName;
            item.shopperName = generation.recipe.shopperName;
            item.imagePng = encodePng(v.image.isNull() ? v.fusionImage : v.image);
            item.fusionPng = v.image.isNull() ? QByteArray() : encodePng(v.fusionImage);
            item.hasFusion = !item.fusionPng.isEmpty();
            items.append(item);
        }
    } catch (const adgen::Error& e) {
        setError(QString::fromStdString(e.problem()), QString::fromStdString(e.fix()));
        return -1;
    }
    if (items.isEmpty()) {
        setError(tr("Generation %1 has no finished variant to review.").arg(generationId),
                 tr("Choose a generation with finished variants, or wait for this one to finish a "
                    "variant."));
        return -1;
    }
    QString batchName = name.trimmed();
    if (batchName.isEmpty()) {
        const QString product = generation.summary.productName.isEmpty()
                                    ? tr("Generation %1").arg(generationId)
                                    : generation.summary.productName;
        batchName = generation.recipe.shopperName.isEmpty()
                        ? product
                        : tr("%1 for %2").arg(product, generation.recipe.shopperName);
    }
    return createBatch(batchName, QStringLiteral("studio"), QString::number(generationId), items);
}

qint64 ReviewStore::createBatchFromHistory(GenerationHistoryStore* history, qint64 generationId,
                                           const QString& name) {
    if (!history) {
        setError(tr("There is no generation history to review from."),
                 tr("Open the studio's history first."));
        return -1;
    }
    const std::optional<SavedGeneration> generation = history->load(generationId);
    if (!generation) {
        setError(history->error(), history->errorFix());
        return -1;
    }
    return createBatchFromGeneration(generationId, *generation, name);
}

qint64 ReviewStore::importFolder(const QString& pathOrUrl, const QString& name,
                                 const QString& modelName) {
    if (!requireOpen())
        return -1;
    ReviewFolderImport imported;
    try {
        imported = readReviewFolder(localPathFrom(pathOrUrl), modelName);
    } catch (const adgen::Error& e) {
        setError(QString::fromStdString(e.problem()), QString::fromStdString(e.fix()));
        return -1;
    }
    return createBatch(name.trimmed().isEmpty() ? imported.suggestedName : name,
                       QStringLiteral("import"), imported.source, imported.items);
}

bool ReviewStore::renameBatch(qint64 batchId, const QString& name) {
    const QString trimmed = name.trimmed();
    if (trimmed.isEmpty()) {
        setError(tr("A review batch needs a name."), tr("Give the batch a name."));
        return false;
    }
    const bool written = transaction([&] {
        QSqlQuery query =
            Statement(database_, QStringLiteral("UPDATE review_batches SET name = ? WHERE id = ?"),
                      tr("rename the batch"))
                .bind(trimmed)
                .bind(batchId)
                .run();
        if (query.numRowsAffected() == 0)
            fail(tr("There is no review batch %1; it may have been deleted.").arg(batchId),
                 tr("Choose a batch again."));
    });
    if (!written)
        return false;
    Q_EMIT batchesChanged();
    return true;
}

bool ReviewStore::deleteBatch(qint64 batchId) {
    const bool written = transaction([&] {
        // Items and verdicts go with it: ON DELETE CASCADE, with foreign keys on for this
        // connection.
        QSqlQuery query =
            Statement(database_, QStringLiteral("DELETE FROM review_batches WHERE id = ?"),
                      tr("delete the batch"))
                .bind(batchId)
                .run();
        if (query.numRowsAffected() == 0)
            fail(tr("There is no review batch %1; it may have been deleted already.").arg(batchId),
                 tr("Choose a batch again."));
    });
    if (!written)
        return false;
    Q_EMIT batchesChanged();
    return true;
}

QList<ReviewBatchSummary> ReviewStore::batches() const {
    QList<ReviewBatchSummary> list;
    if (!isOpen())
        return list;
    try {
        QSqlQuery query =
            Statement(database_,
                      QString::fromLatin1(kBatchSelect) + QStringLiteral("ORDER BY b.id DESC"),
                      tr("list its batches"))
                .run();
        while (query.next())
            list.append(batchFrom(query));
    } catch (const adgen::Error& e) {
        qWarning("%s", e.what());
    }
    return list;
}

std::optional<ReviewBatchSummary> ReviewStore::batch(qint64 batchId) const {
    if (!isOpen())
        return std::nullopt;
    try {
        QSqlQuery query =
            Statement(database_,
                      QString::fromLatin1(kBatchSelect) + QStringLiteral("WHERE b.id = ?"),
                      tr("read a batch"))
                .bind(batchId)
                .run();
        if (query.next())
            return batchFrom(query);
    } catch (const adgen::Error& e) {
        qWarning("%s", e.what());
    }
    return std::nullopt;
}

int ReviewStore::batchCount() const {
    if (!isOpen())
        return 0;
    try {
        QSqlQuery query =
            Statement(database_, QStringLiteral("SELECT COUNT(*) FROM review_batches"),
                      tr("count its batches"))
                .run();
        if (query.next())
            return query.value(0).toInt();
    } catch (const adgen::Error& e) {
        qWarning("%s", e.what());
    }
    return 0;
}

QList<ReviewItem> ReviewStore::items(qint64 batchId) const {
    QList<ReviewItem> list;
    if (!isOpen())
        return list;
    try {
        QSqlQuery query = Statement(database_,
                                    QString::fromLatin1(kItemSelect) +
                                        QStringLiteral("WHERE batch_id = ? ORDER BY position, id"),
                                    tr("read the batch's ads"))
                              .bind(batchId)
                              .run();
        while (query.next())
            list.append(itemFrom(query));
    } catch (const adgen::Error& e) {
        qWarning("%s", e.what());
    }
    return list;
}

std::optional<ReviewItem> ReviewStore::item(qint64 itemId, bool withPictures) const {
    if (!isOpen())
        return std::nullopt;
    try {
        std::optional<ReviewItem> found;
        {
            QSqlQuery query =
                Statement(database_,
                          QString::fromLatin1(kItemSelect) + QStringLiteral("WHERE id = ?"),
                          tr("read an ad"))
                    .bind(itemId)
                    .run();
            if (query.next())
                found = itemFrom(query);
        }
        if (found && withPictures) {
            QSqlQuery query =
                Statement(
                    database_,
                    QStringLiteral("SELECT image, fusion_image FROM review_items WHERE id = ?"),
                    tr("read an ad's pictures"))
                    .bind(itemId)
                    .run();
            if (query.next()) {
                found->imagePng = query.value(0).toByteArray();
                found->fusionPng = query.value(1).toByteArray();
            }
        }
        return found;
    } catch (const adgen::Error& e) {
        qWarning("%s", e.what());
    }
    return std::nullopt;
}

QImage ReviewStore::thumbnail(qint64 itemId, int maxSide, Picture picture) const {
    const auto read = [itemId, picture](const QSqlDatabase& db) {
        QSqlQuery query(db);
        query.prepare(
            picture == Picture::Fusion
                ? QStringLiteral(
                      "SELECT COALESCE(fusion_image, image) FROM review_items WHERE id = ?")
                : QStringLiteral("SELECT image FROM review_items WHERE id = ?"));
        query.addBindValue(itemId);
        return query.exec() && query.next() ? query.value(0).toByteArray() : QByteArray();
    };
    const QByteArray bytes = database_.readFromAnyThread(thread(), read);
    if (bytes.isEmpty())
        return {};
    QImage image = QImage::fromData(bytes, "PNG");
    if (!image.isNull() && maxSide > 0 && std::max(image.width(), image.height()) > maxSide)
        image = image.scaled(maxSide, maxSide, Qt::KeepAspectRatio, Qt::SmoothTransformation);
    return image;
}

// --- Verdicts ---

QString ReviewStore::reviewerName(const QString& reviewer) const {
    const QString name = reviewer.trimmed();
    if (name.isEmpty())
        fail(tr("A verdict needs the reviewer's name."),
             tr("Enter your name as the reviewer, then judge the ad."));
    return name;
}

qint64 ReviewStore::batchOfItem(qint64 itemId) const {
    QSqlQuery query =
        Statement(database_, QStringLiteral("SELECT batch_id FROM review_items WHERE id = ?"),
                  tr("find the ad"))
            .bind(itemId)
            .run();
    if (!query.next())
        fail(tr("There is no review item %1; its batch may have been deleted.").arg(itemId),
             tr("Choose the batch from the list again."));
    return query.value(0).toLongLong();
}

void ReviewStore::upsertVerdict(qint64 itemId, const QString& reviewer, ReviewCriterion criterion,
                                ReviewDecision decision, const QString& note, const QString& time) {
    batchOfItem(itemId);  // a missing item is named, not a bare foreign-key failure
    // An upsert, not INSERT OR REPLACE: the verdict keeps its id and its created time.
    const bool keepNote = note.isNull();
    Statement statement(
        database_,
        QStringLiteral(
            "INSERT INTO review_verdicts (item_id, reviewer, criterion, decision, note, created, "
            "modified) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (item_id, reviewer, criterion) "
            "DO UPDATE SET decision = excluded.decision, %1modified = excluded.modified")
            .arg(keepNote ? QString() : QStringLiteral("note = excluded.note, ")),
        tr("save the verdict"));
    statement.bind(itemId).bind(reviewer).bind(criterionId(criterion)).bind(decisionId(decision));
    statement.bind(textValue(note)).bind(time).bind(time).run();
}

void ReviewStore::announceVerdicts(const QList<qint64>& itemIds, const QString& reviewer) {
    QMap<qint64, QList<qint64>> byBatch;
    for (qint64 id : itemIds) {
        try {
            byBatch[batchOfItem(id)].append(id);
        } catch (const adgen::Error&) {
        }
    }
    for (auto it = byBatch.cbegin(); it != byBatch.cend(); ++it)
        Q_EMIT verdictsChanged(it.key(), it.value(), reviewer);
}

bool ReviewStore::setVerdict(qint64 itemId, const QString& reviewer, ReviewCriterion criterion,
                             ReviewDecision decision, const QString& note) {
    QString name;
    const bool written = transaction([&] {
        name = reviewerName(reviewer);
        upsertVerdict(itemId, name, criterion, decision, note, now());
    });
    if (!written)
        return false;
    announceVerdicts({itemId}, name);
    return true;
}

bool ReviewStore::setVerdicts(const QList<qint64>& itemIds, const QString& reviewer,
                              ReviewCriterion criterion, ReviewDecision decision) {
    QString name;
    const bool written = transaction([&] {
        name = reviewerName(reviewer);
        const QString time = now();
        for (qint64 id : itemIds)
            upsertVerdict(id, name, criterion, decision, QString(), time);
    });
    if (!written)
        return false;
    announceVerdicts(itemIds, name);
    return true;
}

bool ReviewStore::setItemVerdicts(qint64 itemId, const QString& reviewer,
                                  const QList<QPair<ReviewCriterion, ReviewDecision>>& decisions) {
    QString name;
    const bool written = transaction([&] {
        name = reviewerName(reviewer);
        const QString time = now();
        for (const auto& [criterion, decision] : decisions)
            upsertVerdict(itemId, name, criterion, decision, QString(), time);
    });
    if (!written)
        return false;
    announceVerdicts({itemId}, name);
    return true;
}

bool ReviewStore::acceptAll(qint64 itemId, const QString& reviewer) {
    QList<QPair<ReviewCriterion, ReviewDecision>> all;
    for (ReviewCriterion c : reviewCriteria())
        all.append({c, ReviewDecision::Pass});
    return setItemVerdicts(itemId, reviewer, all);
}

bool ReviewStore::setNote(qint64 itemId, const QString& reviewer, ReviewCriterion criterion,
                          const QString& note) {
    QString name;
    const bool written = transaction([&] {
        name = reviewerName(reviewer);
        QSqlQuery query =
            Statement(database_,
                      QStringLiteral("UPDATE review_verdicts SET note = ?, modified = ? "
                                     "WHERE item_id = ? AND reviewer = ? AND criterion = ?"),
                      tr("save the note"))
                .bind(textValue(note))
                .bind(now())
                .bind(itemId)
                .bind(name)
                .bind(criterionId(criterion))
                .run();
        if (query.numRowsAffected() == 0)
            fail(tr("%1 has no verdict on %2 for this ad yet, so there is nothing to note.")
                     .arg(name, criterionTitle(criterion)),
                 tr("Decide the criterion (pass, reject or unsure) first, then add the note."));
    });
    if (!written)
        return false;
    announceVerdicts({itemId}, name);
    return true;
}

bool ReviewStore::clearVerdict(qint64 itemId, const QString& reviewer, ReviewCriterion criterion) {
    QString name;
    const bool written = transaction([&] {
        name = reviewerName(reviewer);
        batchOfItem(itemId);
        Statement(
            database_,
            QStringLiteral(
                "DELETE FROM review_verdicts WHERE item_id = ? AND reviewer = ? AND criterion = ?"),
            tr("clear the verdict"))
            .bind(itemId)
            .bind(name)
            .bind(criterionId(criterion))
            .run();
    });
    if (!written)
        return false;
    announceVerdicts({itemId}, name);
    return true;
}

bool ReviewStore::clearItemVerdicts(qint64 itemId, const QString& reviewer) {
    QString name;
    const bool written = transaction([&] {
        name = reviewerName(reviewer);
        batchOfItem(itemId);
        Statement(database_,
                  QStringLiteral("DELETE FROM review_verdicts WHERE item_id = ? AND reviewer = ?"),
                  tr("clear the verdicts"))
            .bind(itemId)
            .bind(name)
            .run();
    });
    if (!written)
        return false;
    announceVerdicts({itemId}, name);
    return true;
}

QList<ReviewVerdict> ReviewStore::verdicts(qint64 itemId, const QString& reviewer) const {
    QList<ReviewVerdict> list;
    if (!isOpen())
        return list;
    const QString name = reviewer.trimmed();
    try {
        Statement statement(
            database_,
            QString::fromLatin1(kVerdictSelect) +
                (name.isEmpty() ? QStringLiteral("WHERE v.item_id = ?")
                                : QStringLiteral("WHERE v.item_id = ? AND v.reviewer = ?")),
            tr("read the verdicts"));
        statement.bind(itemId);
        if (!name.isEmpty())
            statement.bind(name);
        QSqlQuery query = statement.run();
        while (query.next())
            list.append(verdictFrom(query));
    } catch (const adgen::Error& e) {
        qWarning("%s", e.what());
    }
    std::sort(list.begin(), list.end(), [](const ReviewVerdict& a, const ReviewVerdict& b) {
        return a.reviewer != b.reviewer ? a.reviewer < b.reviewer : a.criterion < b.criterion;
    });
    return list;
}

ReviewOverall ReviewStore::overall(qint64 itemId, const QString& reviewer) const {
    if (reviewer.trimmed().isEmpty())
        return ReviewOverall::Open;
    return overallDecision(verdicts(itemId, reviewer));
}

QStringList ReviewStore::reviewers(qint64 batchId) const {
    QStringList list;
    if (!isOpen())
        return list;
    try {
        Statement statement(
            database_,
            batchId < 0
                ? QStringLiteral("SELECT DISTINCT reviewer FROM review_verdicts ORDER BY reviewer")
                : QStringLiteral(
                      "SELECT DISTINCT v.reviewer FROM review_verdicts v JOIN review_items i "
                      "ON i.id = v.item_id WHERE i.batch_id = ? ORDER BY v.reviewer"),
            tr("list the reviewers"));
        if (batchId >= 0)
            statement.bind(batchId);
        QSqlQuery query = statement.run();
        while (query.next())
            list << query.value(0).toString();
    } catch (const adgen::Error& e) {
        qWarning("%s", e.what());
    }
    return list;
}

ReviewData ReviewStore::reviewData(const QList<qint64>& batchIds) const {
    ReviewData data;
    if (!isOpen())
        return data;
    // Ids are numbers: safe to write into the statement.
    const QString filter = batchIds.isEmpty()
                               ? QString()
                               : QStringLiteral("WHERE i.batch_id IN (%1) ").arg(idList(batchIds));
    try {
        {
            QSqlQuery query =
                Statement(database_,
                          QStringLiteral(
                              "SELECT i.id, i.batch_id, b.name, i.position, i.model_name, "
                              "i.shopper_name, i.copy FROM review_items i JOIN review_batches b "
                              "ON b.id = i.batch_id %1ORDER BY i.batch_id, i.position, i.id")
                              .arg(filter),
                          tr("read the ads for statistics"))
                    .run();
            while (query.next()) {
                ReviewData::Item item;
                item.id = query.value(0).toLongLong();
                item.batchId = query.value(1).toLongLong();
                item.batchName = query.value(2).toString();
                item.position = query.value(3).toInt();
                item.modelName = query.value(4).toString();
                item.shopperName = query.value(5).toString();
                item.copy = query.value(6).toString();
                data.items.append(item);
            }
        }
        QSqlQuery query =
            Statement(
                database_,
                QString::fromLatin1(kVerdictSelect) +
                    QStringLiteral("JOIN review_items i ON i.id = v.item_id %1"
                                   "ORDER BY i.batch_id, i.position, v.item_id, v.reviewer, %2")
                        .arg(filter, criterionOrder()),
                tr("read the verdicts for statistics"))
                .run();
        while (query.next())
            data.verdicts.append(verdictFrom(query));
    } catch (const adgen::Error& e) {
        qWarning("%s", e.what());
    }
    return data;
}

void ReviewStore::clearError() {
    setError({}, {});
}

void ReviewStore::setError(const QString& problem, const QString& fix) {
    if (problem == error_ && fix == errorFix_)
        return;
    error_ = problem;
    errorFix_ = fix;
    Q_EMIT errorChanged();
}
