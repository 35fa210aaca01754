#pragma once

#include <QAbstractListModel>
#include <QImage>
#include <QList>
#include <QPointer>
#include <QString>
#include <QStringList>

#include "profile_click.h"
#include "profile_store.h"  // complete: a Q_PROPERTY type

// The ordered clicks of one shopper profile while the designer edits them: add pictures from
// files, paste a click history, retitle, reorder, remove; nothing reaches the library until
// save(), which writes the whole list in one transaction (discardChanges() reads it back instead).
// Adding is all-or-nothing: a paste whose third picture cannot be read adds no click and says
// which line and file failed (`error`/`errorFix`).
// Not `final`: QML instantiates it through a subclass (QQmlPrivate::QQmlElement).
class ClickHistoryModel : public QAbstractListModel {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ClickHistoryModel)
    Q_PROPERTY(ProfileStore* store READ store WRITE setStore NOTIFY storeChanged)
    Q_PROPERTY(qint64 profileId READ profileId WRITE setProfileId NOTIFY profileIdChanged)
    Q_PROPERTY(int count READ rowCount NOTIFY countChanged)
    Q_PROPERTY(bool modified READ modified NOTIFY modifiedChanged)
    Q_PROPERTY(QString error READ error NOTIFY errorChanged)
    Q_PROPERTY(QString errorFix READ errorFix NOTIFY errorChanged)

public:
    enum Role {
        TitleRole = Qt::UserRole + 1,
        ClickIdRole,          // the library's click id; -1 for a click added since the last save
        ThumbnailSourceRole,  // for an Image: image://<kImageProviderId>/<clickId>, or the file's URL
        SourcePathRole,       // the file the picture was read from
        PositionRole,         // 0-based place in the history
        SimilarityRole,       // a number, or undefined when the engine is to compute it
    };

    // The image provider the QML registers for saved clicks (ProfileStore::thumbnail).
    static constexpr const char* kImageProviderId = "shopperclicks";

    explicit ClickHistoryModel(QObject* parent = nullptr);
    ~ClickHistoryModel() override;

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    bool setData(const QModelIndex& index, const QVariant& value, int role) override;
    Qt::ItemFlags flags(const QModelIndex& index) const override;
    QHash<int, QByteArray> roleNames() const override;

    ProfileStore* store() const { return store_; }
    void setStore(ProfileStore* store);
    qint64 profileId() const { return profileId_; }
    // Shows another profile's clicks (load()); unsaved edits are dropped.
    void setProfileId(qint64 profileId);
    bool modified() const { return modified_; }
    QString error() const { return error_; }
    QString errorFix() const { return errorFix_; }

    // Reads the profile's clicks from the store; -1 empties the list. False when it is unknown.
    Q_INVOKABLE bool load(qint64 profileId);
    // Adds a click at the end from an image file (path or file: URL); the title defaults to the
    // file's name without its extension.
    Q_INVOKABLE bool addFromFile(const QString& pathOrUrl, const QString& title = {});
    // Adds a click per file (a multiple-selection file dialog); returns how many, -1 on failure.
    Q_INVOKABLE int addFiles(const QStringList& pathsOrUrls);
    // Adds the clicks of pasted text (adgen::parsePastedClickHistory: "title<TAB>path",
    // "title | path", "title path.png" per line, or JSON); relative paths are taken from
    // `baseFolder` (default: the home folder). Returns how many, -1 on failure.
    Q_INVOKABLE int pasteText(const QString& text, const QString& baseFolder = {});
    // pasteText with the clipboard's text.
    Q_INVOKABLE int pasteFromClipboard(const QString& baseFolder = {});
    Q_INVOKABLE bool setTitle(int row, const QString& title);
    Q_INVOKABLE bool remove(int row);
    // Moves the click at `from` so that it ends up at index `to`.
    Q_INVOKABLE bool move(int from, int to);
    Q_INVOKABLE bool moveUp(int row) { return move(row, row - 1); }
    Q_INVOKABLE bool moveDown(int row) { return move(row, row + 1); }
    Q_INVOKABLE QString titleAt(int row) const;
    // Writes the list to the profile (replacing its clicks) and reads it back, so every click
    // has its library id.
    Q_INVOKABLE bool save();
    // Drops unsaved edits (not QAbstractItemModel::revert(), which views call on their own).
    Q_INVOKABLE bool discardChanges() { return load(profileId_); }
    Q_INVOKABLE void clearError();

    QList<ProfileClick> clicks() const { return clicks_; }
    QImage imageAt(int row) const;

Q_SIGNALS:
    void storeChanged();
    void profileIdChanged();
    void countChanged();
    void modifiedChanged();
    void errorChanged();

private:
    void append(const QList<ProfileClick>& clicks);
    void setModified(bool modified);
    void setError(const QString& problem, const QString& fix);

    QPointer<ProfileStore> store_;
    qint64 profileId_ = -1;
    QList<ProfileClick> clicks_;
    bool modified_ = false;
    QString error_;
    QString errorFix_;
};
