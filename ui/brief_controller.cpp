#include "brief_controller.h"

#include <QClipboard>
#include <QDir>
#include <QStandardPaths>
#include <QFileInfo>
#include <QGuiApplication>

#include "adgen/brief.h"
#include "adgen/error.h"

namespace {

QStringList toQStringList(const std::vector<std::string>& items) {
    QStringList list;
    for (const std::string& item : items) list.append(QString::fromStdString(item));
    return list;
}

}  // namespace

BriefController::BriefController(QObject* parent) : QObject(parent) {
    connect(&sellingPoints_, &SellingPointsModel::edited, this, [this] { setModified(true); });
    connect(this, &BriefController::filePathChanged, this, &BriefController::workingFolderChanged);
    connect(&product_, &ProductController::productChanged, this, &BriefController::workingFolderChanged);
}

BriefController::~BriefController() = default;

void BriefController::setDescription(const QString& description) {
    if (description == description_) return;
    description_ = description;
    Q_EMIT descriptionChanged();
    setModified(true);
}

void BriefController::setOriginalTitle(const QString& title) {
    if (title == originalTitle_) return;
    originalTitle_ = title;
    Q_EMIT originalTitleChanged();
    setModified(true);
}

QString BriefController::displayName() const {
    return filePath_.isEmpty() ? tr("Untitled brief") : QFileInfo(filePath_).fileName();
}

QUrl BriefController::workingFolder() const {
    for (const QString& file : {filePath_, product_.filePath()}) {
        if (file.isEmpty()) continue;
        const QDir folder = QFileInfo(file).absoluteDir();
        if (folder.exists()) return QUrl::fromLocalFile(folder.absolutePath());
    }
    const QString pictures = QStandardPaths::writableLocation(QStandardPaths::PicturesLocation);
    return QUrl::fromLocalFile(QDir(pictures).exists() ? pictures : QDir::homePath());
}

bool BriefController::loadProduct(const QString& pathOrUrl) {
    if (!product_.load(pathOrUrl)) return false;
    setModified(true);
    setStatus(tr("Loaded product %1").arg(product_.fileName()));
    return true;
}

int BriefController::pasteSellingPoints() {
    const QString text = QGuiApplication::clipboard()->text();
    const int added = sellingPoints_.appendFromText(text);
    if (text.trimmed().isEmpty()) {
        setError(tr("The clipboard holds no text to paste."),
                 tr("Copy a list of selling points separated by commas or line breaks first."));
    } else {
        setStatus(tr("Added %n selling point(s) from the clipboard", nullptr, added));
    }
    return added;
}

void BriefController::newBrief() {
    apply(adgen::Brief{});
    setFilePath({});
    setModified(false);
    clearError();
    setStatus(tr("New brief"));
}

bool BriefController::open(const QString& pathOrUrl) {
    const QString path = localPathFrom(pathOrUrl);
    adgen::Brief brief;
    try {
        brief = adgen::loadBrief(path.toStdString());
    } catch (const adgen::Error& e) {
        setError(QString::fromStdString(e.problem()), QString::fromStdString(e.fix()));
        return false;  // the brief on screen is untouched
    }
    apply(brief);
    setFilePath(QFileInfo(path).absoluteFilePath());
    setModified(false);
    clearError();
    setStatus(tr("Opened %1").arg(displayName()));
    return true;
}

bool BriefController::save() {
    if (filePath_.isEmpty()) return false;
    return saveAs(filePath_);
}

bool BriefController::saveAs(const QString& pathOrUrl) {
    QString path = localPathFrom(pathOrUrl);
    if (path.isEmpty()) return false;
    if (!path.endsWith(QLatin1String(adgen::kBriefFileSuffix))) {
        // "bottle" or "bottle.json" become "bottle.adgen.json", so the open dialog finds it.
        if (path.endsWith(QLatin1String(".json"))) path.chop(5);
        path += QLatin1String(adgen::kBriefFileSuffix);
    }
    try {
        adgen::saveBrief(toBrief(), path.toStdString());
    } catch (const adgen::Error& e) {
        setError(QString::fromStdString(e.problem()), QString::fromStdString(e.fix()));
        return false;
    }
    setFilePath(QFileInfo(path).absoluteFilePath());
    setModified(false);
    clearError();
    setStatus(tr("Saved %1").arg(displayName()));
    return true;
}

void BriefController::clearError() { setError({}, {}); }

adgen::Brief BriefController::toBrief() const {
    adgen::Brief brief;
    brief.productImage = product_.filePath().toStdString();
    for (const QString& point : sellingPoints_.points()) brief.sellingPoints.push_back(point.toStdString());
    brief.description = description_.toStdString();
    brief.originalTitle = originalTitle_.toStdString();
    return brief;
}

void BriefController::apply(const adgen::Brief& brief) {
    sellingPoints_.setPoints(toQStringList(brief.sellingPoints));
    if (description_ != QString::fromStdString(brief.description)) {
        description_ = QString::fromStdString(brief.description);
        Q_EMIT descriptionChanged();
    }
    if (originalTitle_ != QString::fromStdString(brief.originalTitle)) {
        originalTitle_ = QString::fromStdString(brief.originalTitle);
        Q_EMIT originalTitleChanged();
    }
    const QString productPath = QString::fromStdString(brief.productImage);
    if (productPath.isEmpty()) {
        product_.clear();
    } else if (!product_.load(productPath)) {
        // Keep the text of the brief and remember where the product was; the product view
        // shows why it could not be loaded.
        product_.setMissing(productPath, product_.error(), product_.errorFix());
    }
}

void BriefController::setModified(bool modified) {
    if (modified == modified_) return;
    modified_ = modified;
    Q_EMIT modifiedChanged();
}

void BriefController::setFilePath(const QString& path) {
    if (path == filePath_) return;
    filePath_ = path;
    Q_EMIT filePathChanged();
}

void BriefController::setError(const QString& problem, const QString& fix) {
    if (problem == error_ && fix == errorFix_) return;
    error_ = problem;
    errorFix_ = fix;
    Q_EMIT errorChanged();
}

void BriefController::setStatus(const QString& status) {
    if (status == status_) return;
    status_ = status;
    Q_EMIT statusChanged();
}
