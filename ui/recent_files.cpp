#include "recent_files.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QSettings>

#include "product_controller.h"

namespace {

QString absolute(const QString& pathOrUrl) {
    const QString path = localPathFrom(pathOrUrl);
    return path.isEmpty() ? QString() : QFileInfo(path).absoluteFilePath();
}

}  // namespace

RecentFiles::RecentFiles(const QString& settingsKey, QObject* parent)
    : QAbstractListModel(parent), settingsKey_(settingsKey) {
    files_ = readSettings();
}

int RecentFiles::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : int(files_.size()); }

QVariant RecentFiles::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) return {};
    const QString& path = files_.at(index.row());
    switch (role) {
    case PathRole:
    case Qt::ToolTipRole:
        return path;
    case FileNameRole:
    case Qt::DisplayRole:
        return QFileInfo(path).fileName();
    case FolderRole: {
        const QString folder = QFileInfo(path).absolutePath();
        const QString home = QDir::homePath();
        if (folder == home) return QStringLiteral("~");
        if (folder.startsWith(home + QLatin1Char('/'))) return QDir::toNativeSeparators(QStringLiteral("~") + folder.mid(home.size()));
        return QDir::toNativeSeparators(folder);
    }
    default:
        return {};
    }
}

QHash<int, QByteArray> RecentFiles::roleNames() const {
    return {{PathRole, "path"}, {FileNameRole, "fileName"}, {FolderRole, "folder"}};
}

void RecentFiles::add(const QString& pathOrUrl) {
    const QString path = absolute(pathOrUrl);
    if (path.isEmpty()) return;
    // Start from what is stored: another studio window may have added files since.
    QStringList files = readSettings();
    files.removeAll(path);
    files.prepend(path);
    store(files.mid(0, kMaxFiles));
}

void RecentFiles::remove(const QString& pathOrUrl) {
    QStringList files = readSettings();
    files.removeAll(absolute(pathOrUrl));
    store(files);
}

void RecentFiles::prune() {
    QStringList files = readSettings();
    files.removeIf([](const QString& path) { return !QFileInfo(path).isFile(); });
    store(files);
}

void RecentFiles::clear() { store({}); }

bool RecentFiles::persistent() { return !QCoreApplication::organizationName().isEmpty(); }

QStringList RecentFiles::readSettings() const {
    if (!persistent()) return files_;
    QStringList files;
    for (const QString& file : QSettings().value(settingsKey_).toStringList()) {
        // Hand-edited or older settings: no blanks, no repeats, no more than the limit.
        if (!file.isEmpty() && !files.contains(file)) files.append(file);
    }
    return files.mid(0, kMaxFiles);
}

void RecentFiles::store(const QStringList& files) {
    if (persistent()) {
        QSettings settings;
        if (files.isEmpty()) {
            settings.remove(settingsKey_);
        } else {
            settings.setValue(settingsKey_, files);
        }
    }
    if (files == files_) return;
    const bool countChanges = files.size() != files_.size();
    beginResetModel();
    files_ = files;
    endResetModel();
    if (countChanges) Q_EMIT countChanged();
}
