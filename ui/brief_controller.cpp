#include "brief_controller.h"

#include <QClipboard>
#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QGuiApplication>
#include <QMimeData>
#include <QStandardPaths>

#include "adgen/brief.h"
#include "adgen/error.h"

namespace {

QStringList toQStringList(const std::vector<std::string>& items) {
    QStringList list;
    for (const std::string& item : items) list.append(QString::fromStdString(item));
    return list;
}

// A local file the clipboard refers to: a copied file (file managers put its URL in the
// clipboard) or a path or file:// URL copied as text.
QString copiedFile(const QMimeData* mime) {
    if (!mime) return {};
    if (mime->hasUrls()) {
        for (const QUrl& url : mime->urls()) {
            if (url.isLocalFile()) return url.toLocalFile();
        }
    }
    const QString text = mime->text().trimmed();
    if (text.isEmpty() || text.contains(QLatin1Char('\n'))) return {};
    const QString path = localPathFrom(text);
    return QFileInfo(path).isAbsolute() && QFileInfo::exists(path) ? path : QString();
}

// `folder/name.png`, or `name-2.png`, `name-3.png`... if taken: a paste never overwrites a
// product another brief may use.
QString freeFileName(const QDir& folder, const QString& name) {
    QString candidate = folder.filePath(name + QStringLiteral(".png"));
    for (int n = 2; QFileInfo::exists(candidate); ++n) {
        candidate = folder.filePath(QStringLiteral("%1-%2.png").arg(name).arg(n));
    }
    return candidate;
}

}  // namespace

BriefController::BriefController(QObject* parent) : QObject(parent) {
    clock_.start();
    history_.reset(snapshot());
    connect(&sellingPoints_, &SellingPointsModel::edited, this, &BriefController::onSellingPointsEdited);
    connect(this, &BriefController::filePathChanged, this, &BriefController::workingFolderChanged);
    connect(&product_, &ProductController::productChanged, this, &BriefController::workingFolderChanged);
}

BriefController::~BriefController() = default;

void BriefController::setDescription(const QString& description) {
    if (description == description_) return;
    description_ = description;
    Q_EMIT descriptionChanged();
    recordEdit(tr("Edit description"), QStringLiteral("description"));
}

void BriefController::setOriginalTitle(const QString& title) {
    if (title == originalTitle_) return;
    originalTitle_ = title;
    Q_EMIT originalTitleChanged();
    recordEdit(tr("Edit original title"), QStringLiteral("originalTitle"));
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
    recordEdit(tr("Load product"));
    recentProducts_.add(product_.filePath());
    setStatus(tr("Loaded product %1").arg(product_.fileName()));
    return true;
}

bool BriefController::pasteProduct() {
    const QMimeData* mime = QGuiApplication::clipboard()->mimeData();
    const QString file = copiedFile(mime);
    if (!file.isEmpty()) {
        if (!product_.load(file)) return false;
        recentProducts_.add(product_.filePath());
    } else if (!product_.loadPastedImage(QGuiApplication::clipboard()->image(), pastedImagePath())) {
        return false;  // no image at all, or not a cut-out: the product view says which
    }
    recordEdit(tr("Paste product image"));
    setStatus(tr("Pasted product %1").arg(product_.fileName()));
    return true;
}

QString BriefController::pastedImagePath() const {
    if (!filePath_.isEmpty()) {
        const QFileInfo brief(filePath_);
        QString name = brief.fileName();
        if (name.endsWith(QLatin1String(adgen::kBriefFileSuffix))) name.chop(int(qstrlen(adgen::kBriefFileSuffix)));
        return freeFileName(brief.absoluteDir(), name + QStringLiteral("-pasted"));
    }
    const QDir folder(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + QStringLiteral("/pasted"));
    return freeFileName(folder, QStringLiteral("pasted-") +
                                    QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmmss")));
}

bool BriefController::undo() {
    if (!history_.canUndo()) return false;
    const QString label = history_.undoLabel();
    restore(history_.undo());
    setStatus(tr("Undid: %1").arg(label));
    return true;
}

bool BriefController::redo() {
    if (!history_.canRedo()) return false;
    const QString label = history_.redoLabel();
    restore(history_.redo());
    setStatus(tr("Redid: %1").arg(label));
    return true;
}

int BriefController::pasteSellingPoints() {
    const QString text = QGuiApplication::clipboard()->text();
    sellingPointsLabel_ = tr("Paste selling points");
    const int added = sellingPoints_.appendFromText(text);
    sellingPointsLabel_.clear();
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
    history_.reset(snapshot());
    Q_EMIT historyChanged();
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
    history_.reset(snapshot());
    Q_EMIT historyChanged();
    setModified(false);
    recentBriefs_.add(filePath_);
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
    history_.markSaved();
    setModified(false);
    recentBriefs_.add(filePath_);
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

BriefSnapshot BriefController::snapshot() const {
    return {sellingPoints_.points(), originalTitle_, description_, product_.state()};
}

void BriefController::restore(const BriefSnapshot& state) {
    // Only what differs, so the selling points list is not rebuilt for a title undo.
    if (sellingPoints_.points() != state.sellingPoints) sellingPoints_.setPoints(state.sellingPoints);
    if (originalTitle_ != state.originalTitle) {
        originalTitle_ = state.originalTitle;
        Q_EMIT originalTitleChanged();
    }
    if (description_ != state.description) {
        description_ = state.description;
        Q_EMIT descriptionChanged();
    }
    if (product_.state() != state.product) product_.restore(state.product);
    Q_EMIT historyChanged();
    setModified(!history_.atSavedState());
}

void BriefController::recordEdit(const QString& label, const QString& group) {
    if (history_.record(snapshot(), label, group, clock_.elapsed())) Q_EMIT historyChanged();
    setModified(!history_.atSavedState());
}

void BriefController::onSellingPointsEdited(SellingPointsModel::Edit edit) {
    QString label = sellingPointsLabel_;
    if (label.isEmpty()) {
        switch (edit) {
        case SellingPointsModel::Edit::Added: label = tr("Add selling point"); break;
        case SellingPointsModel::Edit::AddedList: label = tr("Add selling points"); break;
        case SellingPointsModel::Edit::Changed: label = tr("Edit selling point"); break;
        case SellingPointsModel::Edit::Removed: label = tr("Remove selling point"); break;
        case SellingPointsModel::Edit::Moved: label = tr("Move selling point"); break;
        }
    }
    recordEdit(label);
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
