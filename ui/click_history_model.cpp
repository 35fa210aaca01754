#include "click_history_model.h"

#include <QClipboard>
#include <QDir>
#include <QFileInfo>
#include <QGuiApplication>
#include <QUrl>

#include <algorithm>

#include "adgen/error.h"
#include "adgen/shopper_history.h"
#include "product_controller.h"  // localPathFrom
#include "profile_store.h"
#include "shopper_clicks.h"

ClickHistoryModel::ClickHistoryModel(QObject* parent) : QAbstractListModel(parent) {}

ClickHistoryModel::~ClickHistoryModel() = default;

int ClickHistoryModel::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : int(clicks_.size()); }

QVariant ClickHistoryModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) return {};
    const ProfileClick& click = clicks_.at(index.row());
    switch (role) {
        case Qt::DisplayRole:
        case Qt::EditRole:
        case TitleRole: return click.title;
        case ClickIdRole: return click.id;
        case ThumbnailSourceRole:
            if (click.id >= 0) return QStringLiteral("image://%1/%2").arg(QLatin1String(kImageProviderId)).arg(click.id);
            return QUrl::fromLocalFile(click.sourcePath).toString();
        case SourcePathRole: return click.sourcePath;
        case PositionRole: return index.row();
        case SimilarityRole: return click.similarity ? QVariant(*click.similarity) : QVariant();
        default: return {};
    }
}

bool ClickHistoryModel::setData(const QModelIndex& index, const QVariant& value, int role) {
    if (role != TitleRole && role != Qt::EditRole) return false;
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) return false;
    return setTitle(index.row(), value.toString());
}

Qt::ItemFlags ClickHistoryModel::flags(const QModelIndex& index) const {
    if (!index.isValid()) return QAbstractListModel::flags(index);
    return QAbstractListModel::flags(index) | Qt::ItemIsEditable;
}

QHash<int, QByteArray> ClickHistoryModel::roleNames() const {
    return {{TitleRole, "title"},           {ClickIdRole, "clickId"},   {ThumbnailSourceRole, "thumbnailSource"},
            {SourcePathRole, "sourcePath"}, {PositionRole, "position"}, {SimilarityRole, "similarity"}};
}

void ClickHistoryModel::setStore(ProfileStore* store) {
    if (store == store_) return;
    if (store_) disconnect(store_, nullptr, this, nullptr);
    store_ = store;
    if (store_) {
        // Someone else (another window, an import) changed this profile: show it, unless the
        // designer is in the middle of editing it (save() would then replace that change).
        connect(store_, &ProfileStore::profileChanged, this, [this](qint64 id) {
            if (id == profileId_ && !modified_) load(profileId_);
        });
    }
    Q_EMIT storeChanged();
    load(profileId_);
}

void ClickHistoryModel::setProfileId(qint64 profileId) {
    if (profileId == profileId_ && !modified_) return;
    load(profileId);
}

bool ClickHistoryModel::load(qint64 profileId) {
    const int countBefore = int(clicks_.size());
    bool found = true;
    QList<ProfileClick> clicks;
    if (profileId >= 0) {
        found = store_ && store_->profile(profileId).has_value();
        if (found) clicks = store_->clicks(profileId);
    }
    beginResetModel();
    clicks_ = clicks;
    endResetModel();
    const bool idChanged = profileId != profileId_;
    profileId_ = found ? profileId : -1;
    setModified(false);
    if (idChanged || !found) Q_EMIT profileIdChanged();
    if (clicks_.size() != countBefore) Q_EMIT countChanged();
    if (!found) {
        setError(tr("There is no profile %1 in the library; it may have been deleted.").arg(profileId),
                 tr("Choose a profile from the list again."));
        return false;
    }
    clearError();
    return true;
}

void ClickHistoryModel::append(const QList<ProfileClick>& clicks) {
    if (clicks.isEmpty()) return;
    const int first = int(clicks_.size());
    beginInsertRows({}, first, first + int(clicks.size()) - 1);
    clicks_.append(clicks);
    endInsertRows();
    Q_EMIT countChanged();
    setModified(true);
    clearError();
}

bool ClickHistoryModel::addFromFile(const QString& pathOrUrl, const QString& title) {
    return addFiles({pathOrUrl}) == 1 && (title.trimmed().isEmpty() || setTitle(int(clicks_.size()) - 1, title));
}

int ClickHistoryModel::addFiles(const QStringList& pathsOrUrls) {
    QList<ProfileClick> added;
    try {
        for (const QString& pathOrUrl : pathsOrUrls) {
            ProfileClick click;
            click.sourcePath = QFileInfo(localPathFrom(pathOrUrl)).absoluteFilePath();
            click.title = QFileInfo(click.sourcePath).completeBaseName();
            click.image = loadClickImage(click.sourcePath);
            added.append(click);
        }
    } catch (const adgen::Error& e) {
        setError(QString::fromStdString(e.problem()), QString::fromStdString(e.fix()));
        return -1;
    }
    append(added);
    return int(added.size());
}

int ClickHistoryModel::pasteText(const QString& text, const QString& baseFolder) {
    const QString folder = baseFolder.isEmpty() ? QDir::homePath() : localPathFrom(baseFolder);
    QList<ProfileClick> added;
    try {
        added = loadClickImages(adgen::parsePastedClickHistory(text.toStdString(), folder.toStdString()),
                                tr("the pasted click history"));
    } catch (const adgen::Error& e) {
        setError(QString::fromStdString(e.problem()), QString::fromStdString(e.fix()));
        return -1;
    }
    if (added.isEmpty()) {
        setError(tr("There are no clicks in the pasted text."),
                 tr("Copy one click per line: the title, then the image file, separated by a tab or \" | \"."));
        return -1;
    }
    append(added);
    return int(added.size());
}

int ClickHistoryModel::pasteFromClipboard(const QString& baseFolder) {
    return pasteText(QGuiApplication::clipboard()->text(), baseFolder);
}

bool ClickHistoryModel::setTitle(int row, const QString& title) {
    const QString trimmed = title.trimmed();
    if (row < 0 || row >= clicks_.size() || trimmed.isEmpty()) return false;
    if (clicks_.at(row).title == trimmed) return true;
    clicks_[row].title = trimmed;
    Q_EMIT dataChanged(index(row), index(row), {TitleRole, Qt::DisplayRole, Qt::EditRole});
    setModified(true);
    return true;
}

bool ClickHistoryModel::remove(int row) {
    if (row < 0 || row >= clicks_.size()) return false;
    beginRemoveRows({}, row, row);
    clicks_.removeAt(row);
    endRemoveRows();
    // The clicks after it moved up one place.
    if (row < clicks_.size()) Q_EMIT dataChanged(index(row), index(int(clicks_.size()) - 1), {PositionRole});
    Q_EMIT countChanged();
    setModified(true);
    return true;
}

bool ClickHistoryModel::move(int from, int to) {
    const int size = int(clicks_.size());
    if (from < 0 || from >= size || to < 0 || to >= size || from == to) return false;
    // beginMoveRows takes the destination *before* which the row is placed.
    beginMoveRows({}, from, from, {}, to > from ? to + 1 : to);
    clicks_.move(from, to);
    endMoveRows();
    Q_EMIT dataChanged(index(std::min(from, to)), index(std::max(from, to)), {PositionRole});
    setModified(true);
    return true;
}

QString ClickHistoryModel::titleAt(int row) const {
    return row >= 0 && row < clicks_.size() ? clicks_.at(row).title : QString();
}

QImage ClickHistoryModel::imageAt(int row) const {
    return row >= 0 && row < clicks_.size() ? clicks_.at(row).image : QImage();
}

bool ClickHistoryModel::save() {
    if (!store_ || profileId_ < 0) {
        setError(tr("No profile is open, so the clicks have nowhere to go."), tr("Choose or create a profile first."));
        return false;
    }
    if (!store_->setClicks(profileId_, clicks_)) {
        setError(store_->error(), store_->errorFix());
        return false;  // the edits stay, still modified
    }
    return load(profileId_);
}

void ClickHistoryModel::clearError() { setError({}, {}); }

void ClickHistoryModel::setModified(bool modified) {
    if (modified == modified_) return;
    modified_ = modified;
    Q_EMIT modifiedChanged();
}

void ClickHistoryModel::setError(const QString& problem, const QString& fix) {
    if (problem == error_ && fix == errorFix_) return;
    error_ = problem;
    errorFix_ = fix;
    Q_EMIT errorChanged();
}
