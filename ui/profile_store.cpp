#include "profile_store.h"

#include <QBuffer>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QVariant>

#include <algorithm>
#include <map>

#include "adgen/error.h"
#include "adgen/pad1m.h"
#include "adgen/shopper_history.h"
#include "product_controller.h"  // localPathFrom
#include "shopper_clicks.h"
#include "sql_statement.h"
#include "studio_database.h"

namespace {

using Statement = SqlStatement;

constexpr const char* kComponent = "profiles";
constexpr const char* kSamplesOfferedKey = "samples_offered";

QString now() { return QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs); }

QDateTime timeFrom(const QVariant& value) {
    QDateTime time = QDateTime::fromString(value.toString(), Qt::ISODateWithMs);
    time.setTimeSpec(Qt::UTC);
    return time;
}

std::string text(const QString& s) { return s.toStdString(); }

[[noreturn]] void fail(const QString& problem, const QString& fix) { throw adgen::Error(text(problem), text(fix)); }

// A click ready for its row: validated and its picture encoded, before any transaction starts.
struct StoredClick {
    QString title;
    QByteArray png;
    QString sourcePath;
    std::optional<double> similarity;
};

bool fullyOpaque(const QImage& rgba) {
    for (int y = 0; y < rgba.height(); ++y) {
        const uchar* line = rgba.constScanLine(y);
        for (int x = 0; x < rgba.width(); ++x) {
            if (line[x * 4 + 3] != 255) return false;
        }
    }
    return true;
}

QByteArray encodePng(const QImage& image) {
    QImage stored = image.convertToFormat(QImage::Format_RGBA8888);
    if (std::max(stored.width(), stored.height()) > kMaxClickImageSide) {
        stored = stored.scaled(kMaxClickImageSide, kMaxClickImageSide, Qt::KeepAspectRatio, Qt::SmoothTransformation)
                     .convertToFormat(QImage::Format_RGBA8888);
    }
    // Most clicked product photos are opaque: RGB saves a quarter of the bytes.
    if (fullyOpaque(stored)) stored = stored.convertToFormat(QImage::Format_RGB888);
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    if (!stored.save(&buffer, "PNG")) fail(ProfileStore::tr("A click picture could not be encoded as PNG."),
                                          ProfileStore::tr("Check that the Qt PNG image plugin is installed."));
    return bytes;
}

QImage decodePng(const QByteArray& bytes) {
    const QImage image = QImage::fromData(bytes, "PNG");
    return image.isNull() ? image : image.convertToFormat(QImage::Format_RGBA8888);
}

QList<StoredClick> prepareClicks(const QList<ProfileClick>& clicks) {
    QList<StoredClick> stored;
    stored.reserve(clicks.size());
    for (qsizetype i = 0; i < clicks.size(); ++i) {
        const ProfileClick& click = clicks.at(i);
        const QString title = click.title.trimmed();
        if (title.isEmpty())
            fail(ProfileStore::tr("Click %1 has no title.").arg(i + 1), ProfileStore::tr("Give every click a title."));
        if (click.image.isNull())
            fail(ProfileStore::tr("Click %1, \"%2\", has no picture.").arg(i + 1).arg(title),
                 ProfileStore::tr("Add the picture again from its file, or remove the click."));
        stored.append({title, encodePng(click.image), click.sourcePath, click.similarity});
    }
    return stored;
}

ProfileSummary summaryFrom(const QSqlQuery& query) {
    ProfileSummary summary;
    summary.id = query.value(0).toLongLong();
    summary.name = query.value(1).toString();
    summary.notes = query.value(2).toString();
    summary.created = timeFrom(query.value(3));
    summary.modified = timeFrom(query.value(4));
    summary.clickCount = query.value(5).toInt();
    summary.thumbnailClickId = query.value(6).isNull() ? -1 : query.value(6).toLongLong();
    return summary;
}

constexpr const char* kSummarySelect =
    "SELECT p.id, p.name, p.notes, p.created, p.modified, "
    "(SELECT COUNT(*) FROM profile_clicks c WHERE c.profile_id = p.id), "
    "(SELECT c.id FROM profile_clicks c WHERE c.profile_id = p.id ORDER BY c.position LIMIT 1) "
    "FROM profiles p ";

// Qt SQL binds a null QString as NULL; the text columns are NOT NULL and hold "" instead.
QString textValue(const QString& value) { return value.isNull() ? QStringLiteral("") : value; }

QVariant similarityValue(const std::optional<double>& similarity) {
    return similarity ? QVariant(*similarity) : QVariant(QMetaType(QMetaType::Double));
}

}  // namespace

ProfileStore::ProfileStore(QObject* parent)
    : QObject(parent),
      database_(QString::fromLatin1(kComponent), kSchemaVersion, QStringLiteral("adgen-profiles"),
                {tr("The SQLite driver of Qt SQL is not installed, so the profile library cannot be opened."),
                 tr("The folder of the profile library %1 cannot be created."),
                 tr("The profile library %1 cannot be opened (%2)."),
                 tr("%1 is not a profile library this studio can use: %2"),
                 "The profile library %s is not in WAL mode (the file system may not support it).",
                 tr("The profile library could not %1 (%2)."),
                 tr("Check that the disk is not full and that the library file may be written; if it is "
                    "damaged, move it away and the studio starts a new library."),
                 tr("The profile library could not start a transaction."),
                 tr("it was written by a newer AdGen Studio (profile tables version %1, this one reads %2)."),
                 tr("Update AdGen Studio, or open another library."),
                 tr("The profile library could not save its tables (%1)."),
                 tr("The profile library %1 could not start a change (%2)."),
                 tr("The profile library %1 could not save the change (%2).")}) {}

ProfileStore::~ProfileStore() { close(); }

QString ProfileStore::defaultDatabasePath() {
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + QStringLiteral("/studio.sqlite");
}

bool ProfileStore::open(const QString& path) {
    close();
    if (!settle(failureOf([&] { database_.open(path, [this] { createTables(); }); })))
        return false;
    Q_EMIT openChanged();
    Q_EMIT changed();
    return true;
}

void ProfileStore::close() {
    if (!isOpen()) return;
    database_.close();
    Q_EMIT openChanged();
    Q_EMIT changed();
}

void ProfileStore::createTables() {
    // AUTOINCREMENT: ids are never reused, so a thumbnail cached under a click id can
    // never show another click's picture after a delete.
    Statement(database_, QStringLiteral("CREATE TABLE profiles (id INTEGER PRIMARY KEY AUTOINCREMENT, "
                                        "name TEXT NOT NULL, notes TEXT NOT NULL DEFAULT '', "
                                        "created TEXT NOT NULL, modified TEXT NOT NULL)"),
              tr("create its profiles table"))
        .run();
    Statement(database_, QStringLiteral("CREATE TABLE profile_clicks (id INTEGER PRIMARY KEY AUTOINCREMENT, "
                                        "profile_id INTEGER NOT NULL REFERENCES profiles(id) ON DELETE CASCADE, "
                                        "position INTEGER NOT NULL, title TEXT NOT NULL, image BLOB NOT NULL, "
                                        "source_path TEXT NOT NULL DEFAULT '', similarity REAL, "
                                        "UNIQUE (profile_id, position))"),
              tr("create its clicks table"))
        .run();
    Statement(database_, QStringLiteral("CREATE TABLE profile_library_meta (key TEXT PRIMARY KEY, value TEXT)"),
              tr("create its state table"))
        .run();
}

template <typename Write>
bool ProfileStore::transaction(const Write& write) {
    return requireOpen() && settle(failureOf([&] { database_.transaction(write); }));
}

bool ProfileStore::settle(const std::optional<adgen::Error>& failure) {
    if (failure)
        setError(QString::fromStdString(failure->problem()), QString::fromStdString(failure->fix()));
    else
        clearError();
    return !failure;
}

bool ProfileStore::requireOpen() {
    if (isOpen()) return true;
    setError(tr("No profile library is open."), tr("Open one first (the studio opens its own at start)."));
    return false;
}

qint64 ProfileStore::insertProfile(const QString& name, const QString& notes) {
    const QString trimmed = name.trimmed();
    if (trimmed.isEmpty()) fail(tr("A profile needs a name."), tr("Type a name for the shopper."));
    const QString time = now();
    QSqlQuery query = Statement(database_,
                                 QStringLiteral("INSERT INTO profiles (name, notes, created, modified) VALUES (?, ?, ?, ?)"),
                                 tr("add the profile \"%1\"").arg(trimmed))
                           .bind(trimmed)
                           .bind(textValue(notes))
                           .bind(time)
                           .bind(time)
                           .run();
    return query.lastInsertId().toLongLong();
}

void ProfileStore::insertClicks(qint64 profileId, const QList<ProfileClick>& clicks) {
    const QList<StoredClick> stored = prepareClicks(clicks);
    const StudioDatabase& db = database_;
    for (qsizetype i = 0; i < stored.size(); ++i) {
        const StoredClick& click = stored.at(i);
        Statement(db, QStringLiteral("INSERT INTO profile_clicks (profile_id, position, title, image, source_path, similarity) "
                                     "VALUES (?, ?, ?, ?, ?, ?)"),
                  tr("store click %1").arg(i + 1))
            .bind(profileId)
            .bind(qint64(i))
            .bind(click.title)
            .bind(click.png)
            .bind(textValue(click.sourcePath))
            .bind(similarityValue(click.similarity))
            .run();
    }
}

void ProfileStore::touch(qint64 profileId) {
    QSqlQuery query = Statement(database_, QStringLiteral("UPDATE profiles SET modified = ? WHERE id = ?"),
                                 tr("update the profile"))
                           .bind(now())
                           .bind(profileId)
                           .run();
    if (query.numRowsAffected() == 0)
        fail(tr("There is no profile %1 in the library; it may have been deleted.").arg(profileId),
             tr("Choose a profile from the list again."));
}

qint64 ProfileStore::createProfile(const QString& name, const QString& notes) {
    qint64 id = -1;
    if (!transaction([&] { id = insertProfile(name, notes); })) return -1;
    Q_EMIT changed();
    return id;
}

bool ProfileStore::updateProfileText(qint64 profileId, const char* column, const QString& value) {
    const bool written = transaction([&] {
        touch(profileId);
        Statement(database_, QStringLiteral("UPDATE profiles SET %1 = ? WHERE id = ?").arg(QLatin1String(column)),
                  tr("update the profile"))
            .bind(textValue(value))
            .bind(profileId)
            .run();
    });
    if (!written) return false;
    Q_EMIT profileChanged(profileId);
    Q_EMIT changed();
    return true;
}

bool ProfileStore::renameProfile(qint64 profileId, const QString& name) {
    const QString trimmed = name.trimmed();
    if (trimmed.isEmpty()) {
        setError(tr("A profile needs a name."), tr("Type a name for the shopper."));
        return false;
    }
    const std::optional<ProfileSummary> current = profile(profileId);
    if (current && current->name == trimmed) return true;  // nothing to write, nothing modified
    return updateProfileText(profileId, "name", trimmed);
}

bool ProfileStore::setNotes(qint64 profileId, const QString& notes) {
    const std::optional<ProfileSummary> current = profile(profileId);
    if (current && current->notes == notes) return true;
    return updateProfileText(profileId, "notes", notes);
}

bool ProfileStore::deleteProfile(qint64 profileId) {
    const bool written = transaction([&] {
        // The clicks go with it: ON DELETE CASCADE, with foreign keys on for this connection.
        QSqlQuery query = Statement(database_, QStringLiteral("DELETE FROM profiles WHERE id = ?"),
                                     tr("delete the profile"))
                               .bind(profileId)
                               .run();
        if (query.numRowsAffected() == 0)
            fail(tr("There is no profile %1 in the library; it may have been deleted already.").arg(profileId),
                 tr("Choose a profile from the list again."));
    });
    if (!written) return false;
    Q_EMIT changed();
    return true;
}

bool ProfileStore::setClicks(qint64 profileId, const QList<ProfileClick>& clicks) {
    const bool written = transaction([&] {
        touch(profileId);
        Statement(database_, QStringLiteral("DELETE FROM profile_clicks WHERE profile_id = ?"), tr("replace the clicks"))
            .bind(profileId)
            .run();
        insertClicks(profileId, clicks);
    });
    if (!written) return false;
    Q_EMIT profileChanged(profileId);
    Q_EMIT changed();
    return true;
}

QList<ProfileSummary> ProfileStore::profiles() const {
    QList<ProfileSummary> list;
    if (!isOpen()) return list;
    try {
        QSqlQuery query =
            Statement(database_, QString::fromLatin1(kSummarySelect) + QStringLiteral("ORDER BY p.name COLLATE NOCASE, p.id"),
                      tr("list its profiles"))
                .run();
        while (query.next()) list.append(summaryFrom(query));
    } catch (const adgen::Error& e) {
        qWarning("%s", e.what());
    }
    return list;
}

QList<ProfileSummary> ProfileStore::search(const QString& query) const {
    const QString needle = query.trimmed();
    const QList<ProfileSummary> all = profiles();
    if (needle.isEmpty()) return all;
    // Matched here rather than with SQL LIKE, which folds the case of ASCII letters only (and
    // would read % and _ in the query as wildcards).
    QHash<qint64, bool> titleMatches;
    try {
        QSqlQuery titles =
            Statement(database_, QStringLiteral("SELECT profile_id, title FROM profile_clicks"), tr("search its clicks")).run();
        while (titles.next()) {
            if (titles.value(1).toString().contains(needle, Qt::CaseInsensitive)) titleMatches.insert(titles.value(0).toLongLong(), true);
        }
    } catch (const adgen::Error& e) {
        qWarning("%s", e.what());
    }
    QList<ProfileSummary> found;
    for (const ProfileSummary& summary : all) {
        if (summary.name.contains(needle, Qt::CaseInsensitive) || summary.notes.contains(needle, Qt::CaseInsensitive) ||
            titleMatches.contains(summary.id))
            found.append(summary);
    }
    return found;
}

std::optional<ProfileSummary> ProfileStore::profile(qint64 profileId) const {
    if (!isOpen()) return std::nullopt;
    try {
        QSqlQuery query =
            Statement(database_, QString::fromLatin1(kSummarySelect) + QStringLiteral("WHERE p.id = ?"), tr("read a profile"))
                .bind(profileId)
                .run();
        if (query.next()) return summaryFrom(query);
    } catch (const adgen::Error& e) {
        qWarning("%s", e.what());
    }
    return std::nullopt;
}

int ProfileStore::profileCount() const {
    if (!isOpen()) return 0;
    try {
        QSqlQuery query = Statement(database_, QStringLiteral("SELECT COUNT(*) FROM profiles"), tr("count its profiles")).run();
        if (query.next()) return query.value(0).toInt();
    } catch (const adgen::Error& e) {
        qWarning("%s", e.what());
    }
    return 0;
}

QList<ProfileClick> ProfileStore::clicks(qint64 profileId) const {
    QList<ProfileClick> list;
    if (!isOpen()) return list;
    try {
        QSqlQuery query = Statement(database_,
                                     QStringLiteral("SELECT id, title, image, source_path, similarity FROM profile_clicks "
                                                    "WHERE profile_id = ? ORDER BY position"),
                                     tr("read the clicks"))
                               .bind(profileId)
                               .run();
        while (query.next()) {
            ProfileClick click;
            click.id = query.value(0).toLongLong();
            click.title = query.value(1).toString();
            click.image = decodePng(query.value(2).toByteArray());
            click.sourcePath = query.value(3).toString();
            if (!query.value(4).isNull()) click.similarity = query.value(4).toDouble();
            list.append(click);
        }
    } catch (const adgen::Error& e) {
        qWarning("%s", e.what());
    }
    return list;
}

QImage ProfileStore::thumbnail(qint64 clickId, int maxSide) const {
    const auto read = [clickId](const QSqlDatabase& db) {
        QSqlQuery query(db);
        query.prepare(QStringLiteral("SELECT image FROM profile_clicks WHERE id = ?"));
        query.addBindValue(clickId);
        return query.exec() && query.next() ? query.value(0).toByteArray() : QByteArray();
    };
    const QByteArray bytes = database_.readFromAnyThread(thread(), read);
    if (bytes.isEmpty()) return {};
    QImage image = decodePng(bytes);
    if (maxSide > 0 && std::max(image.width(), image.height()) > maxSide)
        image = image.scaled(maxSide, maxSide, Qt::KeepAspectRatio, Qt::SmoothTransformation)
                    .convertToFormat(QImage::Format_RGBA8888);
    return image;
}

int ProfileStore::importPad1m(const QString& pathOrUrl) {
    if (!requireOpen()) return -1;
    const QString path = QFileInfo(localPathFrom(pathOrUrl)).absoluteFilePath();
    struct Shopper {
        std::size_t record = 0;
        int records = 0;
        QList<ProfileClick> clicks;
    };
    std::vector<Shopper> shoppers;
    try {
        adgen::Pad1mLoadOptions options;
        options.checkFiles = false;  // only the history pictures matter here; they are read below
        const std::vector<adgen::Pad1mRecord> records = adgen::loadPad1m(text(path), options);
        std::map<std::pair<std::vector<std::string>, std::vector<std::string>>, std::size_t> seen;
        QHash<QString, QImage> decoded;  // records share pictures: decode each file once
        for (std::size_t r = 0; r < records.size(); ++r) {
            const adgen::Pad1mRecord& record = records[r];
            if (record.historyImages.empty()) continue;
            const auto key = std::make_pair(record.historyTitles, record.historyImages);
            if (const auto found = seen.find(key); found != seen.end()) {
                ++shoppers[found->second].records;
                continue;
            }
            seen.emplace(key, shoppers.size());
            Shopper shopper;
            shopper.record = r;
            shopper.records = 1;
            for (std::size_t i = 0; i < record.historyImages.size(); ++i) {
                ProfileClick click;
                click.title = QString::fromStdString(record.historyTitles[i]);
                click.sourcePath = QString::fromStdString(record.historyImages[i]);
                // text_similarity is not kept: it measures each title against that record's
                // product, and a profile is used with other products (the engine then computes
                // similarities against the product at hand).
                auto cached = decoded.find(click.sourcePath);
                if (cached == decoded.end()) {
                    try {
                        cached = decoded.insert(click.sourcePath, loadClickImage(click.sourcePath));
                    } catch (const adgen::Error& e) {
                        throw adgen::Error("Record " + std::to_string(r) + " of " + text(path) + ", history image " +
                                               std::to_string(i + 1) + " (\"" + record.historyTitles[i] + "\", " +
                                               record.historyImages[i] + "): " + e.problem(),
                                           e.fix());
                    }
                }
                click.image = cached.value();
                shopper.clicks.append(click);
            }
            shoppers.push_back(std::move(shopper));
        }
    } catch (const adgen::Error& e) {
        setError(QString::fromStdString(e.problem()), QString::fromStdString(e.fix()));
        return -1;
    }
    if (shoppers.empty()) {
        setError(tr("The PAd1M file %1 has no click histories, so there are no shoppers to import.").arg(path),
                 tr("Choose a PAd1M file whose records have history_titles and history_images."));
        return 0;
    }
    const QString base = QFileInfo(path).completeBaseName();
    const bool written = transaction([&] {
        for (const Shopper& shopper : shoppers) {
            QString notes = tr("Imported from %1, record %2.").arg(path).arg(shopper.record);
            if (shopper.records > 1) notes += QLatin1Char(' ') + tr("%1 records have this click history.").arg(shopper.records);
            const qint64 id = insertProfile(QStringLiteral("%1 #%2").arg(base).arg(shopper.record), notes);
            insertClicks(id, shopper.clicks);
        }
    });
    if (!written) return -1;
    Q_EMIT changed();
    return int(shoppers.size());
}

qint64 ProfileStore::importShopperHistory(const QString& pathOrUrl, const QString& name) {
    if (!requireOpen()) return -1;
    const QString path = QFileInfo(localPathFrom(pathOrUrl)).absoluteFilePath();
    QList<ProfileClick> clicks;
    try {
        clicks = loadClickImages(adgen::loadShopperHistory(text(path)), path);
    } catch (const adgen::Error& e) {
        setError(QString::fromStdString(e.problem()), QString::fromStdString(e.fix()));
        return -1;
    }
    if (clicks.isEmpty()) {
        setError(tr("The shopper history %1 has no clicks.").arg(path),
                 tr("Add clicks to the file, or create an empty profile and add pictures to it."));
        return -1;
    }
    const QString profileName = name.trimmed().isEmpty() ? QFileInfo(path).completeBaseName() : name;
    qint64 id = -1;
    const bool written = transaction([&] {
        id = insertProfile(profileName, tr("Imported from %1.").arg(path));
        insertClicks(id, clicks);
    });
    if (!written) return -1;
    Q_EMIT changed();
    return id;
}

int ProfileStore::seedFromSamples(const QString& folder) {
    if (!requireOpen()) return -1;
    bool offered = false;
    try {
        QSqlQuery query = Statement(database_, QStringLiteral("SELECT value FROM profile_library_meta WHERE key = ?"),
                                     tr("read its state"))
                               .bind(QString::fromLatin1(kSamplesOfferedKey))
                               .run();
        offered = query.next();
    } catch (const adgen::Error& e) {
        setError(QString::fromStdString(e.problem()), QString::fromStdString(e.fix()));
        return -1;
    }
    if (offered) return 0;
    const auto markOffered = [this] {
        Statement(database_, QStringLiteral("INSERT OR REPLACE INTO profile_library_meta (key, value) VALUES (?, ?)"),
                  tr("record that the samples were offered"))
            .bind(QString::fromLatin1(kSamplesOfferedKey))
            .bind(now())
            .run();
    };
    // Only a new library gets the samples: one that has profiles keeps what the user made.
    if (profileCount() > 0) return transaction(markOffered) ? 0 : -1;

    struct Sample {
        QString name;
        QString notes;
        QList<ProfileClick> clicks;
    };
    QList<Sample> samples;
    const QString listPath = QDir(folder).absoluteFilePath(QStringLiteral("samples.json"));
    try {
        QFile file(listPath);
        if (!file.open(QIODevice::ReadOnly))
            fail(tr("The list of sample shoppers %1 cannot be read.").arg(listPath),
                 tr("Check that the studio's resources/samples folder is installed."));
        QJsonParseError parseError;
        const QJsonDocument document = QJsonDocument::fromJson(file.readAll(), &parseError);
        if (!document.isObject() || !document.object().value(QStringLiteral("shoppers")).isArray())
            fail(tr("%1 is not a list of sample shoppers (%2).")
                     .arg(listPath, parseError.error == QJsonParseError::NoError ? tr("no \"shoppers\" list")
                                                                                  : parseError.errorString()),
                 tr("Reinstall the studio's resources/samples folder."));
        const QJsonArray shoppers = document.object().value(QStringLiteral("shoppers")).toArray();
        for (qsizetype i = 0; i < shoppers.size(); ++i) {
            const QJsonObject shopper = shoppers.at(i).toObject();
            const QString id = shopper.value(QStringLiteral("id")).toString();
            const QString history = shopper.value(QStringLiteral("history")).toString();
            if (id.isEmpty() || history.isEmpty())
                fail(tr("Sample shopper %1 of %2 has no \"id\" or no \"history\".").arg(i + 1).arg(listPath),
                     tr("Reinstall the studio's resources/samples folder."));
            const QString historyPath = QDir(folder).absoluteFilePath(history);
            samples.append({id, shopper.value(QStringLiteral("taste")).toString(),
                            loadClickImages(adgen::loadShopperHistory(text(historyPath)), historyPath)});
        }
    } catch (const adgen::Error& e) {
        setError(QString::fromStdString(e.problem()), QString::fromStdString(e.fix()));
        return -1;
    }
    const bool written = transaction([&] {
        for (const Sample& sample : samples) insertClicks(insertProfile(sample.name, sample.notes), sample.clicks);
        markOffered();
    });
    if (!written) return -1;
    Q_EMIT changed();
    return int(samples.size());
}

void ProfileStore::clearError() { setError({}, {}); }

void ProfileStore::setError(const QString& problem, const QString& fix) {
    if (problem == error_ && fix == errorFix_) return;
    error_ = problem;
    errorFix_ = fix;
    Q_EMIT errorChanged();
}
