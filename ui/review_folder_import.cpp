#include "review_folder_import.h"

#include <QBuffer>
#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMap>
#include <QRegularExpression>

#include <algorithm>
#include <optional>

#include "ad_export.h"
#include "adgen/error.h"
#include "png_text_chunk.h"

namespace {

QString tr(const char* text) {
    return QCoreApplication::translate("ReviewFolderImport", text);
}

[[noreturn]] void fail(const QString& problem, const QString& fix) {
    throw adgen::Error(problem.toStdString(), fix.toStdString());
}

QString shown(const QString& path) {
    return QDir::toNativeSeparators(path);
}

QByteArray readBytes(const QString& path, const QString& where) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        fail(tr("%1: %2 cannot be read (%3).").arg(where, shown(path), file.errorString()),
             tr("Check that the file exists and that you may read it, or correct its name."));
    return file.readAll();
}

// 1-based line and column of a JSON syntax error. Qt's offset lies past the token it stumbled
// on (and the white space after it): the place shown is the last character read before it.
QString lineAndColumn(const QByteArray& text, qsizetype offset) {
    offset = std::clamp<qsizetype>(offset, 0, text.size());
    while (offset > 1 && QByteArrayView(" \t\r\n").contains(text.at(offset - 1)))
        --offset;
    const qsizetype at = std::max<qsizetype>(offset - 1, 0);
    const qsizetype line = text.left(at).count('\n') + 1;
    const qsizetype lineStart =
        at > 0 ? text.lastIndexOf('\n', at - 1) : -1;  // (-1 would search from the end)
    return tr("line %1, column %2").arg(line).arg(at - lineStart);
}

QJsonDocument parseJson(const QByteArray& bytes, const QString& path) {
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(bytes, &error);
    if (error.error != QJsonParseError::NoError)
        fail(tr("%1, %2: not valid JSON (%3).")
                 .arg(shown(path), lineAndColumn(bytes, error.offset), error.errorString()),
             tr("Correct the JSON there (a missing comma or quote is the usual cause)."));
    return document;
}

const QByteArray kPngSignature("\x89PNG\r\n\x1a\n", 8);

// A picture for an item: PNG bytes as they are (keeping any recipe the studio exported into
// them), other formats decoded and stored as PNG.
struct Picture {
    QByteArray png;
    QJsonObject recipe;
    int variant = 0;
};

Picture readPicture(const QString& path, const QString& where) {
    Picture picture;
    const QByteArray bytes = readBytes(path, where);
    const QImage image = QImage::fromData(bytes);
    if (image.isNull())
        fail(tr("%1: %2 is not a picture (PNG, JPEG, WebP or BMP) that can be read.")
                 .arg(where, shown(path)),
             tr("Convert it to PNG, or leave it out of the list."));
    if (bytes.startsWith(kPngSignature)) {
        picture.png = bytes;
        QString text;
        if (readItxtChunk(bytes, kRecipeKeyword, &text) == PngTextLookup::Found) {
            const QJsonDocument document = QJsonDocument::fromJson(text.toUtf8());
            if (const auto exported = exportedRecipeFromJson(document.object())) {
                picture.recipe = exported->recipe.toJson();
                picture.variant = exported->variant;
            }
        }
    } else {
        QBuffer buffer(&picture.png);
        buffer.open(QIODevice::WriteOnly);
        if (!image.save(&buffer, "PNG"))
            fail(tr("%1: %2 could not be converted to PNG.").arg(where, shown(path)),
                 tr("Check that the Qt PNG image plugin is installed."));
    }
    return picture;
}

QStringList sellingPointsOf(const QJsonValue& value) {
    if (value.isString())
        return splitSellingPoints(value.toString());
    QStringList points;
    for (const QJsonValue& point : value.toArray()) {
        const QString text = point.toString().trimmed();
        if (!text.isEmpty())
            points << text;
    }
    return points;
}

QString folderName(const QString& folder) {
    const QString name = QFileInfo(folder).fileName();
    return name.isEmpty() ? shown(folder) : name;
}

// --- (a) the reference validation() layout ---

struct Sample {
    QString copy;
    QStringList sellingPoints;
    bool hasSellingPoints = false;
};

// The {step}_batch folder of the latest validation, or an empty string when there is none.
QString latestBatchFolder(const QDir& dir) {
    static const QRegularExpression pattern(QStringLiteral("^(\\d+)_batch$"));
    QString best;
    qlonglong bestStep = -1;
    for (const QString& name : dir.entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
        const QRegularExpressionMatch match = pattern.match(name);
        if (match.hasMatch() && match.captured(1).toLongLong() > bestStep) {
            bestStep = match.captured(1).toLongLong();
            best = dir.absoluteFilePath(name);
        }
    }
    return best;
}

QHash<int, Sample> layoutSamples(const QString& batchFolder) {
    QHash<int, Sample> samples;
    if (batchFolder.isEmpty())
        return samples;
    static const QRegularExpression pattern(QStringLiteral("^(\\d+)_(\\d+)_layout\\.json$"));
    struct Layout {
        int batch = 0;
        QString path;
        QJsonObject json;
        QJsonArray titles;
    };
    QList<Layout> layouts;
    qsizetype batchSize = 0;
    const QDir dir(batchFolder);
    for (const QString& name :
         dir.entryList({QStringLiteral("*_layout.json")}, QDir::Files, QDir::Name)) {
        const QRegularExpressionMatch match = pattern.match(name);
        if (!match.hasMatch())
            continue;
        Layout layout;
        layout.batch = match.captured(1).toInt();
        layout.path = dir.absoluteFilePath(name);
        const QJsonDocument document =
            parseJson(readBytes(layout.path, shown(layout.path)), layout.path);
        layout.json = document.object();
        const QJsonValue titles = layout.json.value(QStringLiteral("pr_title"));
        if (!document.isObject() || !titles.isArray())
            fail(tr("%1 has no \"pr_title\" list, so the ads' copy is unknown.")
                     .arg(shown(layout.path)),
                 tr("Import the folder as validation() or adgen eval wrote it, or remove this "
                    "file."));
        layout.titles = titles.toArray();
        batchSize = std::max(batchSize, layout.titles.size());
        layouts.append(layout);
    }
    // validation() numbers its samples n = batch_idx * B + i; every full batch has B entries.
    QHash<int, QString> fileOfBatch;
    for (const Layout& layout : layouts) {
        if (fileOfBatch.contains(layout.batch))
            fail(tr("Two layout files describe batch %1: %2 and %3.")
                     .arg(layout.batch)
                     .arg(shown(fileOfBatch.value(layout.batch)), shown(layout.path)),
                 tr("Keep the layout file of the validation that wrote the pictures and remove the "
                    "other."));
        fileOfBatch.insert(layout.batch, layout.path);
        const QJsonValue points = layout.json.contains(QStringLiteral("word_list"))
                                      ? layout.json.value(QStringLiteral("word_list"))
                                      : layout.json.value(QStringLiteral("selling_points"));
        for (qsizetype i = 0; i < layout.titles.size(); ++i) {
            Sample sample;
            sample.copy = layout.titles.at(i).toString().trimmed();
            if (points.isArray() && i < points.toArray().size()) {
                sample.sellingPoints = sellingPointsOf(points.toArray().at(i));
                sample.hasSellingPoints = true;
            }
            samples.insert(int(layout.batch * batchSize + i), sample);
        }
    }
    return samples;
}

// predictions.json / references.json of adgen eval: lists in sample order.
QJsonArray evalList(const QDir& dir, const QString& name) {
    const QString path = dir.absoluteFilePath(name);
    if (!QFileInfo::exists(path))
        return {};
    const QJsonDocument document = parseJson(readBytes(path, shown(path)), path);
    if (!document.isArray())
        fail(tr("%1 is not a list.").arg(shown(path)),
             tr("Restore the file adgen eval wrote, or remove it."));
    return document.array();
}

ReviewFolderImport readValidationFolder(const QString& folder, const QString& modelName) {
    const QDir dir(folder);
    const QDir pictures(dir.absoluteFilePath(QStringLiteral("pr_image")));
    static const QRegularExpression pattern(QStringLiteral("^(\\d+)(?:_(\\d+))?\\.png$"));
    struct Entry {
        int sample = 0;
        int take = 0;
        QString name;
    };
    QList<Entry> entries;
    for (const QString& name : pictures.entryList({QStringLiteral("*.png")}, QDir::Files)) {
        const QRegularExpressionMatch match = pattern.match(name);
        if (match.hasMatch())
            entries.append({match.captured(1).toInt(), match.captured(2).toInt(), name});
    }
    if (entries.isEmpty())
        fail(tr("%1 holds no pictures named {n}.png.").arg(shown(pictures.absolutePath())),
             tr("Choose the folder validation() or adgen eval wrote (the one holding pr_image)."));
    std::sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) {
        return a.sample != b.sample ? a.sample < b.sample : a.take < b.take;
    });

    const QString batchFolder = latestBatchFolder(dir);
    const QHash<int, Sample> samples = layoutSamples(batchFolder);
    const QJsonArray predictions = evalList(dir, QStringLiteral("predictions.json"));
    const QJsonArray references = evalList(dir, QStringLiteral("references.json"));

    ReviewFolderImport result;
    result.form = QStringLiteral("validation");
    result.source = dir.absolutePath();
    result.suggestedName = folderName(result.source);
    const QString model =
        modelName.trimmed().isEmpty() ? result.suggestedName : modelName.trimmed();
    for (const Entry& entry : entries) {
        const QString picturePath = pictures.absoluteFilePath(entry.name);
        const QString where = QStringLiteral("pr_image/") + entry.name;
        ReviewItem item;
        item.position = int(result.items.size()) + 1;
        if (samples.contains(entry.sample)) {
            item.copy = samples.value(entry.sample).copy;
        } else if (entry.sample < predictions.size() && predictions.at(entry.sample).isObject()) {
            item.copy = predictions.at(entry.sample)
                            .toObject()
                            .value(QStringLiteral("title"))
                            .toString()
                            .trimmed();
        } else if (entry.sample < predictions.size() && predictions.at(entry.sample).isString()) {
            item.copy = predictions.at(entry.sample).toString().trimmed();
        } else {
            fail(tr("%1 has no copy: no layout file of %2 and no predictions.json entry covers "
                    "sample %3.")
                     .arg(where,
                          batchFolder.isEmpty() ? tr("a {step}_batch folder") : shown(batchFolder))
                     .arg(entry.sample),
                 tr("Import the whole folder validation() or adgen eval wrote, with its "
                    "{step}_batch folder, or "
                    "remove the pictures that have no copy."));
        }
        if (samples.value(entry.sample).hasSellingPoints) {
            item.sellingPoints = samples.value(entry.sample).sellingPoints;
        } else if (entry.sample < references.size()) {
            const QJsonObject reference = references.at(entry.sample).toObject();
            item.sellingPoints =
                sellingPointsOf(reference.contains(QStringLiteral("selling_points"))
                                    ? reference.value(QStringLiteral("selling_points"))
                                    : reference.value(QStringLiteral("word_list")));
        }
        const Picture picture = readPicture(picturePath, where);
        item.imagePng = picture.png;
        const QString fusionPath =
            dir.absoluteFilePath(QStringLiteral("fusion_image/") + entry.name);
        if (QFileInfo::exists(fusionPath)) {
            item.fusionPng =
                readPicture(fusionPath, QStringLiteral("fusion_image/") + entry.name).png;
            item.hasFusion = true;
        }
        item.modelName = model;
        item.sourcePath = picturePath;
        result.items.append(item);
    }
    return result;
}

// --- (b) pictures listed in a JSON or CSV file ---

struct Row {
    QString where;  // "ads.csv, line 4" / "ads.json, line 7 (entry 2)"
    QString file;
    QString copy;
    QStringList sellingPoints;
    QString fusion;
    QString model;
    QString shopper;
};

// The canonical name of a column / key, or an empty string for one that is not ours.
QString fieldName(QString name) {
    name = name.trimmed().toLower();
    name.replace(QLatin1Char(' '), QLatin1Char('_')).replace(QLatin1Char('-'), QLatin1Char('_'));
    static const QHash<QString, QString> aliases = {
        {QStringLiteral("file"), QStringLiteral("file")},
        {QStringLiteral("image"), QStringLiteral("file")},
        {QStringLiteral("image_file"), QStringLiteral("file")},
        {QStringLiteral("path"), QStringLiteral("file")},
        {QStringLiteral("copy"), QStringLiteral("copy")},
        {QStringLiteral("title"), QStringLiteral("copy")},
        {QStringLiteral("text"), QStringLiteral("copy")},
        {QStringLiteral("selling_points"), QStringLiteral("selling_points")},
        {QStringLiteral("word_list"), QStringLiteral("selling_points")},
        {QStringLiteral("fusion"), QStringLiteral("fusion")},
        {QStringLiteral("fusion_file"), QStringLiteral("fusion")},
        {QStringLiteral("fusion_image"), QStringLiteral("fusion")},
        {QStringLiteral("model"), QStringLiteral("model")},
        {QStringLiteral("model_name"), QStringLiteral("model")},
        {QStringLiteral("shopper"), QStringLiteral("shopper")},
        {QStringLiteral("shopper_name"), QStringLiteral("shopper")},
        {QStringLiteral("profile"), QStringLiteral("shopper")},
    };
    return aliases.value(name);
}

// RFC 4180 records (quoted fields may hold separators, quotes doubled and line breaks), each with
// the line it starts on. The separator is a comma, or a semicolon or tab when the header line
// has those and no comma (spreadsheets in some languages write them).
QList<QPair<int, QStringList>> csvRecords(const QString& text, const QString& path) {
    const qsizetype headerEnd = text.indexOf(QLatin1Char('\n'));
    const QString header = text.left(headerEnd < 0 ? text.size() : headerEnd);
    QChar separator = QLatin1Char(',');
    if (!header.contains(QLatin1Char(','))) {
        if (header.contains(QLatin1Char(';')))
            separator = QLatin1Char(';');
        else if (header.contains(QLatin1Char('\t')))
            separator = QLatin1Char('\t');
    }
    QList<QPair<int, QStringList>> records;
    QStringList fields;
    QString field;
    bool quoted = false;
    bool fieldWasQuoted = false;
    int line = 1;
    int recordLine = 1;
    int quoteLine = 1;
    const auto endRecord = [&] {
        fields << field;
        const bool blank =
            fields.size() == 1 && fields.first().trimmed().isEmpty() && !fieldWasQuoted;
        if (!blank)
            records.append({recordLine, fields});
        fields.clear();
        field.clear();
        fieldWasQuoted = false;
    };
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (quoted) {
            if (c == QLatin1Char('"')) {
                if (i + 1 < text.size() && text.at(i + 1) == QLatin1Char('"')) {
                    field += QLatin1Char('"');
                    ++i;
                } else {
                    quoted = false;
                }
            } else {
                if (c == QLatin1Char('\n'))
                    ++line;
                field += c;
            }
        } else if (c == QLatin1Char('"') && field.trimmed().isEmpty()) {
            field.clear();
            quoted = true;
            fieldWasQuoted = true;
            quoteLine = line;
        } else if (c == separator) {
            fields << field;
            field.clear();
        } else if (c == QLatin1Char('\n')) {
            endRecord();
            ++line;
            recordLine = line;
        } else if (c != QLatin1Char('\r')) {
            field += c;
        }
    }
    if (quoted)
        fail(tr("%1, line %2: a quoted field is not closed.").arg(shown(path)).arg(quoteLine),
             tr("Close the field with a double quote (a quote inside a field is written twice: "
                "\"\")."));
    if (!field.isEmpty() || !fields.isEmpty() || fieldWasQuoted)
        endRecord();
    return records;
}

QList<Row> csvRows(const QString& path) {
    QString text = QString::fromUtf8(readBytes(path, shown(path)));
    if (text.startsWith(QChar(0xFEFF)))
        text.remove(0, 1);
    const QList<QPair<int, QStringList>> records = csvRecords(text, path);
    if (records.isEmpty())
        fail(tr("%1 is empty.").arg(shown(path)),
             tr("List the ads in it: a first line with the columns file, copy and selling_points, "
                "then one line per ad."));
    QHash<QString, int> columns;
    const QStringList header = records.first().second;
    for (int c = 0; c < header.size(); ++c) {
        const QString name = fieldName(header.at(c));
        if (!name.isEmpty() && !columns.contains(name))
            columns.insert(name, c);
    }
    const auto required = [&](const char* column) {
        if (!columns.contains(QLatin1String(column)))
            fail(tr("%1, line %2: there is no \"%3\" column (the first line names: %4).")
                     .arg(shown(path))
                     .arg(records.first().first)
                     .arg(QLatin1String(column), header.join(QStringLiteral(", "))),
                 tr("Start the file with a line naming the columns: file, copy, selling_points "
                    "(and optionally "
                    "fusion_file, model, shopper)."));
    };
    required("file");
    required("copy");
    QList<Row> rows;
    for (qsizetype r = 1; r < records.size(); ++r) {
        const auto& [line, fields] = records.at(r);
        const QString where = tr("%1, line %2").arg(shown(path)).arg(line);
        if (fields.size() > header.size())
            fail(tr("%1 has %2 fields but the first line names %3 columns.")
                     .arg(where)
                     .arg(fields.size())
                     .arg(header.size()),
                 tr("Put a copy or selling points that contain the separator in double quotes."));
        const auto value = [&](const char* column) {
            const int c = columns.value(QLatin1String(column), -1);
            return c >= 0 && c < fields.size() ? fields.at(c).trimmed() : QString();
        };
        Row row;
        row.where = where;
        row.file = value("file");
        row.copy = value("copy");
        row.sellingPoints = splitSellingPoints(value("selling_points"));
        row.fusion = value("fusion");
        row.model = value("model");
        row.shopper = value("shopper");
        rows.append(row);
    }
    return rows;
}

// The start offset of each element of the ads list (the top-level array, or the "ads" array of
// the top-level object), for line numbers in messages: QJsonDocument keeps no positions.
QList<qsizetype> jsonEntryOffsets(const QByteArray& text) {
    QList<qsizetype> offsets;
    QByteArray stack;  // '{' and '['
    int targetDepth = -1;
    QByteArray lastString;
    bool keyPending = false;  // lastString was followed by ':'
    bool expectValue = false;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const char c = text.at(i);
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n')
            continue;
        const bool inTarget =
            targetDepth >= 0 && stack.size() == targetDepth && stack.endsWith('[');
        if (inTarget && expectValue && c != ']') {
            offsets << i;
            expectValue = false;
        }
        if (c == '"') {
            qsizetype j = i + 1;
            while (j < text.size() && text.at(j) != '"')
                j += text.at(j) == '\\' ? 2 : 1;
            lastString = text.mid(i + 1, j - i - 1);
            keyPending = false;
            i = j;
        } else if (c == ':') {
            keyPending = true;
        } else if (c == '{' || c == '[') {
            stack.append(c);
            if (c == '[' && targetDepth < 0 &&
                (stack.size() == 1 || (stack == "{[" && keyPending && lastString == "ads"))) {
                targetDepth = int(stack.size());
                expectValue = true;
            }
            keyPending = false;
        } else if (c == '}' || c == ']') {
            if (!stack.isEmpty())
                stack.chop(1);
        } else if (c == ',') {
            if (targetDepth >= 0 && stack.size() == targetDepth)
                expectValue = true;
        }
    }
    return offsets;
}

QList<Row> jsonRows(const QString& path) {
    const QByteArray bytes = readBytes(path, shown(path));
    const QJsonDocument document = parseJson(bytes, path);
    QJsonArray list;
    if (document.isArray())
        list = document.array();
    else if (document.object().value(QStringLiteral("ads")).isArray())
        list = document.object().value(QStringLiteral("ads")).toArray();
    else
        fail(tr("%1 is neither a list of ads nor an object with an \"ads\" list.").arg(shown(path)),
             tr("Write the ads as [{\"file\": \"ad1.png\", \"copy\": \"...\", \"selling_points\": "
                "[\"...\"]}, ...]."));
    const QList<qsizetype> offsets = jsonEntryOffsets(bytes);
    QList<Row> rows;
    for (qsizetype e = 0; e < list.size(); ++e) {
        const QString where = e < offsets.size()
                                  ? tr("%1, line %2 (entry %3)")
                                        .arg(shown(path))
                                        .arg(bytes.left(offsets.at(e)).count('\n') + 1)
                                        .arg(e + 1)
                                  : tr("%1, entry %2").arg(shown(path)).arg(e + 1);
        if (!list.at(e).isObject())
            fail(tr("%1 is not an object.").arg(where),
                 tr("Write each ad as {\"file\": \"ad1.png\", \"copy\": \"...\", "
                    "\"selling_points\": [\"...\"]}."));
        Row row;
        row.where = where;
        const QJsonObject entry = list.at(e).toObject();
        for (auto it = entry.begin(); it != entry.end(); ++it) {
            const QString name = fieldName(it.key());
            if (name.isEmpty())
                continue;
            if (name == QLatin1String("selling_points")) {
                if (!it.value().isArray() && !it.value().isString() && !it.value().isNull())
                    fail(tr("%1: \"%2\" is neither a list nor a text.").arg(where, it.key()),
                         tr("Write the selling points as a list of texts, or as one text separated "
                            "by commas."));
                row.sellingPoints = sellingPointsOf(it.value());
                continue;
            }
            if (!it.value().isString() && !it.value().isNull())
                fail(tr("%1: \"%2\" is not a text.").arg(where, it.key()),
                     tr("Write it in double quotes."));
            const QString text = it.value().toString().trimmed();
            if (name == QLatin1String("file"))
                row.file = text;
            else if (name == QLatin1String("copy"))
                row.copy = text;
            else if (name == QLatin1String("fusion"))
                row.fusion = text;
            else if (name == QLatin1String("model"))
                row.model = text;
            else if (name == QLatin1String("shopper"))
                row.shopper = text;
        }
        rows.append(row);
    }
    return rows;
}

QString listingFileIn(const QString& folder) {
    const QDir dir(folder);
    for (const char* name : {"ads.json", "ads.csv"}) {
        if (QFileInfo(dir.absoluteFilePath(QLatin1String(name))).isFile())
            return dir.absoluteFilePath(QLatin1String(name));
    }
    const QStringList candidates =
        dir.entryList({QStringLiteral("*.json"), QStringLiteral("*.csv")}, QDir::Files, QDir::Name);
    if (candidates.size() == 1)
        return dir.absoluteFilePath(candidates.first());
    if (candidates.isEmpty())
        fail(tr("%1 has neither a pr_image folder (the validation() layout) nor a JSON or CSV file "
                "listing its ads.")
                 .arg(shown(folder)),
             tr("Add ads.csv (columns file, copy, selling_points) or ads.json listing the "
                "pictures, or choose the "
                "folder validation() or adgen eval wrote."));
    fail(tr("%1 has several JSON and CSV files (%2); it is not clear which one lists the ads.")
             .arg(shown(folder), candidates.join(QStringLiteral(", "))),
         tr("Name the list ads.json or ads.csv, or choose the list file itself."));
}

ReviewFolderImport readListing(const QString& listing, const QString& modelName) {
    const bool csv = listing.endsWith(QLatin1String(".csv"), Qt::CaseInsensitive);
    const QList<Row> rows = csv ? csvRows(listing) : jsonRows(listing);
    if (rows.isEmpty())
        fail(tr("%1 lists no ads.").arg(shown(listing)),
             tr("Add one line (or entry) per ad, naming its picture file."));
    const QDir base = QFileInfo(listing).absoluteDir();
    ReviewFolderImport result;
    result.form = QStringLiteral("listing");
    result.source = QFileInfo(listing).absoluteFilePath();
    result.suggestedName = folderName(base.absolutePath());
    for (const Row& row : rows) {
        if (row.file.isEmpty())
            fail(tr("%1 names no picture file.").arg(row.where),
                 tr("Give every ad its picture's file name."));
        const QString picturePath = QDir::cleanPath(base.absoluteFilePath(row.file));
        if (!QFileInfo(picturePath).isFile())
            fail(tr("%1: the picture %2 does not exist.").arg(row.where, shown(picturePath)),
                 tr("Correct the file name (relative names are read from the list's folder), or "
                    "add the picture."));
        const Picture picture = readPicture(picturePath, row.where);
        ReviewItem item;
        item.position = int(result.items.size()) + 1;
        item.copy = row.copy;
        item.sellingPoints = row.sellingPoints;
        item.imagePng = picture.png;
        item.recipe = picture.recipe;
        item.variantNumber = picture.variant;
        if (!row.fusion.isEmpty()) {
            const QString fusionPath = QDir::cleanPath(base.absoluteFilePath(row.fusion));
            if (!QFileInfo(fusionPath).isFile())
                fail(tr("%1: the fusion picture %2 does not exist.")
                         .arg(row.where, shown(fusionPath)),
                     tr("Correct the file name, or leave the fusion picture out."));
            item.fusionPng = readPicture(fusionPath, row.where).png;
            item.hasFusion = true;
        }
        const QString recipeModel = picture.recipe.value(QStringLiteral("model"))
                                        .toObject()
                                        .value(QStringLiteral("name"))
                                        .toString();
        const QString recipeShopper = picture.recipe.value(QStringLiteral("shopper"))
                                          .toObject()
                                          .value(QStringLiteral("name"))
                                          .toString();
        item.modelName = !row.model.isEmpty()             ? row.model
                         : !recipeModel.isEmpty()         ? recipeModel
                         : !modelName.trimmed().isEmpty() ? modelName.trimmed()
                                                          : result.suggestedName;
        item.shopperName = !row.shopper.isEmpty() ? row.shopper : recipeShopper;
        if (item.sellingPoints.isEmpty() && !picture.recipe.isEmpty())
            item.sellingPoints = sellingPointsOf(picture.recipe.value(QStringLiteral("brief"))
                                                     .toObject()
                                                     .value(QStringLiteral("selling_points")));
        item.sourcePath = picturePath;
        result.items.append(item);
    }
    return result;
}

}  // namespace

QStringList splitSellingPoints(const QString& text) {
    static const QRegularExpression commas(QStringLiteral("[,\\x{FF0C}]"));
    QStringList points;
    for (const QString& part : text.split(commas)) {
        const QString point = part.trimmed();
        if (!point.isEmpty())
            points << point;
    }
    return points;
}

ReviewFolderImport readReviewFolder(const QString& path, const QString& modelName) {
    const QFileInfo info(path);
    if (!info.exists())
        fail(tr("%1 does not exist.").arg(shown(path)),
             tr("Choose a folder of ads, or the JSON or CSV file listing them."));
    if (info.isFile()) {
        const QString suffix = info.suffix().toLower();
        if (suffix != QLatin1String("json") && suffix != QLatin1String("csv"))
            fail(tr("%1 is neither a folder nor a JSON or CSV list of ads.").arg(shown(path)),
                 tr("Choose the folder of ads, or its ads.json or ads.csv."));
        return readListing(info.absoluteFilePath(), modelName);
    }
    const QString folder = info.absoluteFilePath();
    if (QFileInfo(QDir(folder).absoluteFilePath(QStringLiteral("pr_image"))).isDir())
        return readValidationFolder(folder, modelName);
    return readListing(listingFileIn(folder), modelName);
}
