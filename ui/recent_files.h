#pragma once

#include <QAbstractListModel>
#include <QString>
#include <QStringList>

// Files the designer opened or saved lately, newest first, at most kMaxFiles, kept in the
// application's QSettings under one key (so every studio window and the next start share them).
// A file that has gone is dropped when the list is shown (prune), not when it is added: a
// brief on a network drive that is away today is still listed tomorrow.
// Only an application that names its organization (the studio does) stores the list; elsewhere
// (tests and tools that use the controllers) it is kept in memory, so they leave the user's
// settings alone.
// Not `final`: QML types may be instantiated through a subclass (QQmlPrivate::QQmlElement).
class RecentFiles : public QAbstractListModel {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RecentFiles)
    Q_PROPERTY(int count READ rowCount NOTIFY countChanged)

public:
    enum Role {
        PathRole = Qt::UserRole + 1,  // absolute path
        FileNameRole,                 // the name shown in the menu
        FolderRole,                   // its folder, with the home folder as "~"
    };
    static constexpr int kMaxFiles = 10;

    // `settingsKey`, e.g. "recent/briefs", names the list in QSettings.
    explicit RecentFiles(const QString& settingsKey, QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    QStringList files() const { return files_; }
    // Puts the file (a path or file:// URL) first, once, and forgets the oldest beyond kMaxFiles.
    Q_INVOKABLE void add(const QString& pathOrUrl);
    Q_INVOKABLE void remove(const QString& pathOrUrl);
    // Re-reads the list (another studio may have changed it) and drops files that are gone.
    Q_INVOKABLE void prune();
    Q_INVOKABLE void clear();

Q_SIGNALS:
    void countChanged();

private:
    static bool persistent();
    QStringList readSettings() const;
    void store(const QStringList& files);

    QString settingsKey_;
    QStringList files_;
};
