#include "generation_history_store.h"

#include <QBuffer>
#include <QFileInfo>
#include <QHash>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QVariant>

#include <algorithm>

#include "adgen/error.h"
#include "sql_statement.h"
#include "studio_database.h"

namespace {

using Statement = SqlStatement;

constexpr const char* kComponent = "generations";

QString now() { return QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs); }

QString timeText(const QDateTime& time) {
    return time.isValid() ? time.toUTC().toString(Qt::ISODateWithMs) : now();
}

QDateTime timeFrom(const QVariant& value) {
    QDateTime time = QDateTime::fromString(value.toString(), Qt::ISODateWithMs);
    time.setTimeSpec(Qt::UTC);
    return time;
}

std::string text(const QString& s) { return s.toStdString(); }

[[noreturn]] void fail(const QString& problem, const QString& fix) { throw adgen::Error(text(problem), text(fix)); }

// Generated pictures are kept as made (no scaling): reopening shows and exports the same pixels.
QByteArray encodePng(const QImage& image) {
    if (image.isNull()) return {};
    const QImage stored = image.convertToFormat(image.hasAlphaChannel() ? QImage::Format_RGBA8888 : QImage::Format_RGB888);
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    if (!stored.save(&buffer, "PNG"))
        fail(GenerationHistoryStore::tr("A variant's picture could not be encoded as PNG."),
             GenerationHistoryStore::tr("Check that the Qt PNG image plugin is installed."));
    return bytes;
}

QImage decodePng(const QByteArray& bytes) {
    if (bytes.isEmpty()) return {};
    const QImage image = QImage::fromData(bytes, "PNG");
    if (image.isNull()) return image;
    return image.convertToFormat(image.hasAlphaChannel() ? QImage::Format_RGBA8888 : QImage::Format_RGB888);
}

// A null QByteArray binds as NULL: a variant without that picture.
QVariant blobValue(const QByteArray& bytes) { return bytes.isEmpty() ? QVariant(QMetaType(QMetaType::QByteArray)) : QVariant(bytes); }

// Qt SQL binds a null QString as NULL; the text columns are NOT NULL and hold "" instead.
QString textValue(const QString& value) { return value.isNull() ? QStringLiteral("") : value; }

bool knownVariantState(const QString& state) {
    return state == QLatin1String("done") || state == QLatin1String("cancelled") || state == QLatin1String("failed") ||
           state == QLatin1String("running");
}

// What the list calls the product: the brief's original title, else the product file's name.
QString productNameOf(const GenerationRecipe& recipe) {
    if (!recipe.originalTitle.trimmed().isEmpty()) return recipe.originalTitle.trimmed();
    return QFileInfo(recipe.productPath).completeBaseName();
}

QString recipeText(const GenerationRecipe& recipe) {
    return QString::fromUtf8(QJsonDocument(recipe.toJson()).toJson(QJsonDocument::Compact));
}

// Columns 0-9 of kSummarySelect; the titles are read separately.
constexpr const char* kSummarySelect =
    "SELECT g.id, g.created, g.product_name, g.shopper_name, g.model_name, g.variant_count, g.starred, g.state, "
    "(SELECT COUNT(*) FROM generation_variants v WHERE v.generation_id = g.id AND v.state = 'done'), "
    "(SELECT v.id FROM generation_variants v WHERE v.generation_id = g.id "
    " AND (v.fusion_image IS NOT NULL OR v.image IS NOT NULL) ORDER BY v.number LIMIT 1) "
    "FROM generations g ";

GenerationSummary summaryFrom(const QSqlQuery& query) {
    GenerationSummary s;
    s.id = query.value(0).toLongLong();
    s.created = timeFrom(query.value(1));
    s.productName = query.value(2).toString();
    s.shopperName = query.value(3).toString();
    s.modelName = query.value(4).toString();
    s.variantCount = query.value(5).toInt();
    s.starred = query.value(6).toBool();
    s.state = query.value(7).toString();
    s.finishedCount = query.value(8).toInt();
    s.firstVariantId = query.value(9).isNull() ? -1 : query.value(9).toLongLong();
    return s;
}

}  // namespace

GenerationHistoryStore::GenerationHistoryStore(QObject* parent)
    : QObject(parent),
      database_(QString::fromLatin1(kComponent), kSchemaVersion, QStringLiteral("adgen-history"),
                {tr("The SQLite driver of Qt SQL is not installed, so the generation history cannot be opened."),
                 tr("The folder of the studio database %1 cannot be created."),
                 tr("The studio database %1 cannot be opened (%2)."),
                 tr("%1 is not a studio database this studio can use: %2"),
                 "The generation history %s is not in WAL mode (the file system may not support it).",
                 tr("The generation history could not %1 (%2)."),
                 tr("Check that the disk is not full and that the studio's database file may be "
                    "written; if it is damaged, move it away and the studio starts a new one."),
                 tr("The generation history could not start a transaction."),
                 tr("it was written by a newer AdGen Studio (generation tables version %1, this one reads %2)."),
                 tr("Update AdGen Studio, or open another database."),
                 tr("The generation history could not save its tables (%1)."),
                 tr("The generation history %1 could not start a change (%2)."),
                 tr("The generation history %1 could not save the change (%2).")}) {}

GenerationHistoryStore::~GenerationHistoryStore() { close(); }

bool GenerationHistoryStore::open(const QString& path) {
    close();
    if (!settle(failureOf([&] { database_.open(path, [this] { createTables(); }, [this] { interruptedAtOpen_ = markInterrupted(); }); })))
        return false;
    Q_EMIT openChanged();
    Q_EMIT changed();
    return true;
}

void GenerationHistoryStore::close() {
    if (!isOpen()) return;
    database_.close();
    interruptedAtOpen_ = 0;
    Q_EMIT openChanged();
    Q_EMIT changed();
}

void GenerationHistoryStore::createTables() {
    // AUTOINCREMENT: ids are never reused, so a thumbnail cached under a variant id can
    // never show another variant's picture after a delete. The names are copied out of
    // the recipe so the list and its search need not parse JSON.
    Statement(database_, QStringLiteral("CREATE TABLE generations (id INTEGER PRIMARY KEY AUTOINCREMENT, "
                                        "created TEXT NOT NULL, recipe TEXT NOT NULL, "
                                        "product_name TEXT NOT NULL DEFAULT '', shopper_name TEXT NOT NULL DEFAULT '', "
                                        "model_name TEXT NOT NULL DEFAULT '', variant_count INTEGER NOT NULL, "
                                        "starred INTEGER NOT NULL DEFAULT 0, "
                                        "state TEXT NOT NULL CHECK (state IN ('running', 'finished', 'interrupted')))"),
              tr("create its generations table"))
        .run();
    // Seeds as text: 64-bit seeds do not fit SQLite's signed integers.
    Statement(database_, QStringLiteral("CREATE TABLE generation_variants (id INTEGER PRIMARY KEY AUTOINCREMENT, "
                                        "generation_id INTEGER NOT NULL REFERENCES generations(id) ON DELETE CASCADE, "
                                        "number INTEGER NOT NULL, seed TEXT NOT NULL, title TEXT NOT NULL DEFAULT '', "
                                        "state TEXT NOT NULL, image BLOB, fusion_image BLOB, saved TEXT NOT NULL, "
                                        "UNIQUE (generation_id, number))"),
              tr("create its variants table"))
        .run();
}

int GenerationHistoryStore::markInterrupted() {
    // A generation still running in the file was being made when the studio stopped without
    // finishing it (killed, crashed, power lost): it keeps the variants saved before that.
    // (A second studio on the same file would mark the first one's running generation too; that
    // one then finishes it normally, which overwrites the state.)
    QSqlQuery query = Statement(database_, QStringLiteral("UPDATE generations SET state = 'interrupted' WHERE state = 'running'"),
                                 tr("mark the generations cut short"))
                           .run();
    return std::max(query.numRowsAffected(), 0);
}

template <typename Write>
bool GenerationHistoryStore::transaction(const Write& write) {
    return requireOpen() && settle(failureOf([&] { database_.transaction(write); }));
}

bool GenerationHistoryStore::settle(const std::optional<adgen::Error>& failure) {
    if (failure)
        setError(QString::fromStdString(failure->problem()), QString::fromStdString(failure->fix()));
    else
        clearError();
    return !failure;
}

bool GenerationHistoryStore::requireOpen() {
    if (isOpen()) return true;
    setError(tr("No generation history is open."), tr("Open one first (the studio opens its own at start)."));
    return false;
}

qint64 GenerationHistoryStore::startGeneration(const GenerationRecipe& recipe) {
    qint64 id = -1;
    const bool written = transaction([&] {
        QSqlQuery query =
            Statement(database_,
                      QStringLiteral("INSERT INTO generations (created, recipe, product_name, shopper_name, model_name, "
                                     "variant_count, state) VALUES (?, ?, ?, ?, ?, ?, 'running')"),
                      tr("record the new generation"))
                .bind(timeText(recipe.created))
                .bind(recipeText(recipe))
                .bind(textValue(productNameOf(recipe)))
                .bind(textValue(recipe.shopperName))
                .bind(textValue(recipe.modelName))
                .bind(int(recipe.variants.size()))
                .run();
        id = query.lastInsertId().toLongLong();
    });
    if (!written) return -1;
    Q_EMIT changed();
    return id;
}

void GenerationHistoryStore::updateRecipe(qint64 generationId, const GenerationRecipe& recipe, const char* state) {
    QString sql = QStringLiteral("UPDATE generations SET recipe = ?, product_name = ?, shopper_name = ?, model_name = ?, "
                                 "variant_count = ?");
    if (state) sql += QStringLiteral(", state = '%1'").arg(QLatin1String(state));
    sql += QStringLiteral(" WHERE id = ?");
    QSqlQuery query = Statement(database_, sql, tr("update the generation's recipe"))
                          .bind(recipeText(recipe))
                          .bind(textValue(productNameOf(recipe)))
                          .bind(textValue(recipe.shopperName))
                          .bind(textValue(recipe.modelName))
                          .bind(int(recipe.variants.size()))
                          .bind(generationId)
                          .run();
    if (query.numRowsAffected() == 0)
        fail(tr("There is no generation %1 in the history; it may have been deleted.").arg(generationId),
             tr("Generate the ad again to keep it in the history."));
}

bool GenerationHistoryStore::saveVariant(qint64 generationId, int number, quint64 seed, const QString& title,
                                         const QString& state, const QImage& image, const QImage& fusionImage,
                                         const GenerationRecipe* recipeSoFar) {
    if (!knownVariantState(state)) {
        setError(tr("A variant cannot be saved in state \"%1\".").arg(state),
                 tr("Save it as done, cancelled, failed or running."));
        return false;
    }
    if (number < 1) {
        setError(tr("Variant numbers start at 1, not %1.").arg(number), tr("Number the variants from 1."));
        return false;
    }
    // Encoded before the transaction starts: the write lock is held only for the writes.
    QByteArray imagePng, fusionPng;
    try {
        imagePng = encodePng(image);
        fusionPng = encodePng(fusionImage);
    } catch (const adgen::Error& e) {
        setError(QString::fromStdString(e.problem()), QString::fromStdString(e.fix()));
        return false;
    }
    const bool written = transaction([&] {
        if (recipeSoFar) {
            updateRecipe(generationId, *recipeSoFar, nullptr);
        } else {
            QSqlQuery exists = Statement(database_, QStringLiteral("SELECT 1 FROM generations WHERE id = ?"),
                                          tr("find the generation"))
                                   .bind(generationId)
                                   .run();
            if (!exists.next())
                fail(tr("There is no generation %1 in the history; it may have been deleted.").arg(generationId),
                     tr("Generate the ad again to keep it in the history."));
        }
        // An upsert, not INSERT OR REPLACE: the variant keeps its id (and cached thumbnails stay right).
        Statement(database_,
                  QStringLiteral("INSERT INTO generation_variants (generation_id, number, seed, title, state, image, "
                                 "fusion_image, saved) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
                                 "ON CONFLICT (generation_id, number) DO UPDATE SET seed = excluded.seed, "
                                 "title = excluded.title, state = excluded.state, image = excluded.image, "
                                 "fusion_image = excluded.fusion_image, saved = excluded.saved"),
                  tr("save variant %1").arg(number))
            .bind(generationId)
            .bind(number)
            .bind(QString::number(seed))
            .bind(textValue(title))
            .bind(state)
            .bind(blobValue(imagePng))
            .bind(blobValue(fusionPng))
            .bind(now())
            .run();
    });
    if (!written) return false;
    Q_EMIT generationChanged(generationId);
    Q_EMIT changed();
    return true;
}

bool GenerationHistoryStore::finishGeneration(qint64 generationId, const GenerationRecipe& recipe) {
    for (const GenerationRecipe::Variant& v : recipe.variants) {
        if (!knownVariantState(v.state) || v.number < 1) {
            setError(tr("Variant %1 of the recipe has the state \"%2\", which the history does not know.")
                         .arg(v.number)
                         .arg(v.state),
                     tr("Finish the generation with variants done, cancelled, failed or running."));
            return false;
        }
    }
    const bool written = transaction([&] {
        updateRecipe(generationId, recipe, "finished");
        const QString saved = now();
        for (const GenerationRecipe::Variant& v : recipe.variants) {
            // Pictures are left as saved: a variant that did not finish has none.
            Statement(database_,
                      QStringLiteral("INSERT INTO generation_variants (generation_id, number, seed, title, state, saved) "
                                     "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (generation_id, number) DO UPDATE SET "
                                     "title = excluded.title, state = excluded.state"),
                      tr("save variant %1").arg(v.number))
                .bind(generationId)
                .bind(v.number)
                .bind(QString::number(v.seed))
                .bind(textValue(v.title))
                .bind(v.state)
                .bind(saved)
                .run();
        }
    });
    if (!written) return false;
    Q_EMIT generationChanged(generationId);
    Q_EMIT changed();
    return true;
}

QList<GenerationSummary> GenerationHistoryStore::summaries(qint64 onlyId) const {
    QList<GenerationSummary> list;
    if (!isOpen()) return list;
    try {
        const StudioDatabase& db = database_;
        QHash<qint64, QStringList> titles;
        {
            Statement statement(db,
                                QStringLiteral("SELECT generation_id, title FROM generation_variants %1 "
                                               "ORDER BY generation_id, number")
                                    .arg(onlyId >= 0 ? QStringLiteral("WHERE generation_id = ?") : QString()),
                                tr("read the variants' copy"));
            if (onlyId >= 0) statement.bind(onlyId);
            QSqlQuery query = statement.run();
            while (query.next()) {
                const QString title = query.value(1).toString();
                if (!title.trimmed().isEmpty()) titles[query.value(0).toLongLong()].append(title);
            }
        }
        Statement statement(db,
                            QString::fromLatin1(kSummarySelect) +
                                (onlyId >= 0 ? QStringLiteral("WHERE g.id = ?") : QStringLiteral("ORDER BY g.id DESC")),
                            tr("list its generations"));
        if (onlyId >= 0) statement.bind(onlyId);
        QSqlQuery query = statement.run();
        while (query.next()) {
            GenerationSummary summary = summaryFrom(query);
            summary.titles = titles.value(summary.id);
            list.append(summary);
        }
    } catch (const adgen::Error& e) {
        qWarning("%s", e.what());
    }
    return list;
}

QList<GenerationSummary> GenerationHistoryStore::generations() const { return summaries(-1); }

QList<GenerationSummary> GenerationHistoryStore::search(const QString& query, bool starredOnly) const {
    const QString needle = query.trimmed();
    QList<GenerationSummary> found;
    // Matched here rather than with SQL LIKE, which folds the case of ASCII letters only (and
    // would read % and _ in the query as wildcards).
    for (const GenerationSummary& s : generations()) {
        if (starredOnly && !s.starred) continue;
        const bool matches = needle.isEmpty() || s.productName.contains(needle, Qt::CaseInsensitive) ||
                             s.shopperName.contains(needle, Qt::CaseInsensitive) ||
                             std::any_of(s.titles.begin(), s.titles.end(),
                                         [&](const QString& title) { return title.contains(needle, Qt::CaseInsensitive); });
        if (matches) found.append(s);
    }
    return found;
}

std::optional<GenerationSummary> GenerationHistoryStore::generation(qint64 generationId) const {
    if (generationId < 0) return std::nullopt;
    const QList<GenerationSummary> list = summaries(generationId);
    if (list.isEmpty()) return std::nullopt;
    return list.first();
}

int GenerationHistoryStore::generationCount() const {
    if (!isOpen()) return 0;
    try {
        QSqlQuery query = Statement(database_, QStringLiteral("SELECT COUNT(*) FROM generations"), tr("count its generations")).run();
        if (query.next()) return query.value(0).toInt();
    } catch (const adgen::Error& e) {
        qWarning("%s", e.what());
    }
    return 0;
}

std::optional<SavedGeneration> GenerationHistoryStore::load(qint64 generationId) {
    if (!requireOpen()) return std::nullopt;
    const std::optional<GenerationSummary> summary = generation(generationId);
    if (!summary) {
        setError(tr("There is no generation %1 in the history; it may have been deleted.").arg(generationId),
                 tr("Choose a generation from the history list again."));
        return std::nullopt;
    }
    SavedGeneration saved;
    saved.summary = *summary;
    try {
        QString recipe;
        {
            QSqlQuery query = Statement(database_, QStringLiteral("SELECT recipe FROM generations WHERE id = ?"),
                                         tr("read the generation's recipe"))
                                   .bind(generationId)
                                   .run();
            if (query.next()) recipe = query.value(0).toString();
        }
        QJsonParseError parseError;
        const QJsonDocument document = QJsonDocument::fromJson(recipe.toUtf8(), &parseError);
        QString why;
        const std::optional<GenerationRecipe> parsed =
            document.isObject() ? GenerationRecipe::fromJson(document.object(), &why) : std::nullopt;
        if (!parsed)
            fail(tr("The recipe of generation %1 cannot be read (%2).")
                     .arg(generationId)
                     .arg(why.isEmpty() ? parseError.errorString() : why),
                 tr("Delete this generation from the history; the others are not affected."));
        saved.recipe = *parsed;
        QSqlQuery query = Statement(database_,
                                     QStringLiteral("SELECT id, number, seed, title, state, image, fusion_image "
                                                    "FROM generation_variants WHERE generation_id = ? ORDER BY number"),
                                     tr("read the generation's variants"))
                               .bind(generationId)
                               .run();
        while (query.next()) {
            SavedVariant v;
            v.id = query.value(0).toLongLong();
            v.number = query.value(1).toInt();
            v.seed = query.value(2).toString().toULongLong();
            v.title = query.value(3).toString();
            v.state = query.value(4).toString();
            v.image = decodePng(query.value(5).toByteArray());
            v.fusionImage = decodePng(query.value(6).toByteArray());
            saved.variants.push_back(std::move(v));
        }
    } catch (const adgen::Error& e) {
        setError(QString::fromStdString(e.problem()), QString::fromStdString(e.fix()));
        return std::nullopt;
    }
    clearError();
    return saved;
}

QImage GenerationHistoryStore::thumbnail(qint64 variantId, int maxSide, Picture picture) const {
    const auto read = [variantId, picture](const QSqlDatabase& db) {
        QSqlQuery query(db);
        query.prepare(picture == Picture::Fusion
                          ? QStringLiteral("SELECT COALESCE(fusion_image, image) FROM generation_variants WHERE id = ?")
                          : QStringLiteral("SELECT image FROM generation_variants WHERE id = ?"));
        query.addBindValue(variantId);
        return query.exec() && query.next() ? query.value(0).toByteArray() : QByteArray();
    };
    const QByteArray bytes = database_.readFromAnyThread(thread(), read);
    QImage image = decodePng(bytes);
    if (!image.isNull() && maxSide > 0 && std::max(image.width(), image.height()) > maxSide)
        image = image.scaled(maxSide, maxSide, Qt::KeepAspectRatio, Qt::SmoothTransformation);
    return image;
}

bool GenerationHistoryStore::setStarred(qint64 generationId, bool starred) {
    const bool written = transaction([&] {
        QSqlQuery query = Statement(database_, QStringLiteral("UPDATE generations SET starred = ? WHERE id = ?"),
                                     starred ? tr("star the generation") : tr("unstar the generation"))
                               .bind(starred ? 1 : 0)
                               .bind(generationId)
                               .run();
        if (query.numRowsAffected() == 0)
            fail(tr("There is no generation %1 in the history; it may have been deleted.").arg(generationId),
                 tr("Choose a generation from the history list again."));
    });
    if (!written) return false;
    Q_EMIT generationChanged(generationId);
    Q_EMIT changed();
    return true;
}

bool GenerationHistoryStore::deleteGeneration(qint64 generationId) {
    const bool written = transaction([&] {
        {
            QSqlQuery state = Statement(database_, QStringLiteral("SELECT state FROM generations WHERE id = ?"),
                                         tr("find the generation"))
                                   .bind(generationId)
                                   .run();
            if (!state.next())
                fail(tr("There is no generation %1 in the history; it may have been deleted already.").arg(generationId),
                     tr("Choose a generation from the history list again."));
            // Its variants are still being saved: deleting it now would make them fail.
            if (state.value(0).toString() == QLatin1String("running"))
                fail(tr("This generation is still running, so it cannot be deleted."),
                     tr("Cancel the generation first, then delete it."));
        }
        // The variants go with it: ON DELETE CASCADE, with foreign keys on for this connection.
        Statement(database_, QStringLiteral("DELETE FROM generations WHERE id = ?"), tr("delete the generation"))
            .bind(generationId)
            .run();
    });
    if (!written) return false;
    Q_EMIT changed();
    return true;
}

void GenerationHistoryStore::clearError() { setError({}, {}); }

void GenerationHistoryStore::setError(const QString& problem, const QString& fix) {
    if (problem == error_ && fix == errorFix_) return;
    error_ = problem;
    errorFix_ = fix;
    Q_EMIT errorChanged();
}
