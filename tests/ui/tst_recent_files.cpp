#include <QAbstractItemModelTester>
#include <QDir>
#include <QFile>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QUrl>
#include <QtTest>

#include "recent_files.h"

namespace {
const QString kKey = QStringLiteral("recent/briefs");
}  // namespace

class TestRecentFiles : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() {
        // Never the user's settings: this process's QSettings live in a temporary folder.
        QVERIFY(settingsHome_.isValid());
        QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, settingsHome_.path());
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, settingsHome_.path());
        QCoreApplication::setOrganizationName(QStringLiteral("AdGenTest"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_recent_files"));
    }

    void init() {
        QSettings().clear();
        QVERIFY(files_.isValid());
    }

    void theNewestFileComesFirst() {
        RecentFiles recent(kKey);
        QAbstractItemModelTester tester(&recent, QAbstractItemModelTester::FailureReportingMode::QtTest);
        recent.add(file("a"));
        recent.add(file("b"));
        recent.add(file("c"));
        QCOMPARE(recent.files(), (QStringList{file("c"), file("b"), file("a")}));
        QCOMPARE(recent.rowCount(), 3);
        QCOMPARE(recent.data(recent.index(0), RecentFiles::PathRole).toString(), file("c"));
        QCOMPARE(recent.data(recent.index(0), RecentFiles::FileNameRole).toString(), QStringLiteral("c.adgen.json"));
        QCOMPARE(recent.data(recent.index(0), RecentFiles::FolderRole).toString(), QDir::toNativeSeparators(files_.path()));
    }

    void aFileOpenedAgainMovesToTheTopOnce() {
        RecentFiles recent(kKey);
        recent.add(file("a"));
        recent.add(file("b"));
        recent.add(QUrl::fromLocalFile(file("a")).toString());  // dialogs give URLs
        QCOMPARE(recent.files(), (QStringList{file("a"), file("b")}));
    }

    void onlyTheLastTenAreKept() {
        RecentFiles recent(kKey);
        for (int i = 0; i < 12; ++i) recent.add(file(QString::number(i)));
        QCOMPARE(recent.files().size(), RecentFiles::kMaxFiles);
        QCOMPARE(recent.files().first(), file("11"));
        QCOMPARE(recent.files().last(), file("2"));
    }

    void theListOutlivesTheStudio() {
        {
            RecentFiles recent(kKey);
            recent.add(file("a"));
            recent.add(file("b"));
        }
        RecentFiles later(kKey);
        QCOMPARE(later.files(), (QStringList{file("b"), file("a")}));
        // Another list is kept apart.
        RecentFiles products(QStringLiteral("recent/products"));
        QCOMPARE(products.rowCount(), 0);
    }

    void pruningDropsFilesThatAreGone() {
        RecentFiles recent(kKey);
        recent.add(file("a"));
        recent.add(file("b"));
        recent.add(file("c"));
        QSignalSpy count(&recent, &RecentFiles::countChanged);
        QVERIFY(QFile::remove(file("b")));
        // Not when it is added or read: only when the list is shown.
        QCOMPARE(recent.rowCount(), 3);
        recent.prune();
        QCOMPARE(recent.files(), (QStringList{file("c"), file("a")}));
        QCOMPARE(count.count(), 1);
        QCOMPARE(QSettings().value(kKey).toStringList(), (QStringList{file("c"), file("a")}));
    }

    void pruningPicksUpWhatAnotherWindowAdded() {
        RecentFiles mine(kKey);
        RecentFiles theirs(kKey);
        theirs.add(file("theirs"));
        mine.prune();
        QCOMPARE(mine.files(), QStringList{file("theirs")});
    }

    void addingKeepsWhatAnotherWindowAdded() {
        RecentFiles mine(kKey);
        RecentFiles theirs(kKey);
        theirs.add(file("theirs"));
        mine.add(file("mine"));
        QCOMPARE(mine.files(), (QStringList{file("mine"), file("theirs")}));
    }

    void handEditedSettingsAreCleanedUp() {
        QSettings().setValue(kKey, QStringList{file("a"), QString(), file("a"), file("b")});
        RecentFiles recent(kKey);
        QCOMPARE(recent.files(), (QStringList{file("a"), file("b")}));
    }

    void removeAndClear() {
        RecentFiles recent(kKey);
        recent.add(file("a"));
        recent.add(file("b"));
        recent.remove(file("a"));
        QCOMPARE(recent.files(), QStringList{file("b")});
        recent.clear();
        QCOMPARE(recent.rowCount(), 0);
        QVERIFY(!QSettings().contains(kKey));
    }

    void anApplicationWithoutANameKeepsTheListInMemory() {
        // Tests and tools that use the controllers must not write to the user's settings.
        QCoreApplication::setOrganizationName(QString());
        RecentFiles recent(kKey);
        recent.add(file("a"));
        recent.add(file("b"));
        QCOMPARE(recent.files(), (QStringList{file("b"), file("a")}));
        QVERIFY(QFile::remove(file("a")));
        recent.prune();
        QCOMPARE(recent.files(), QStringList{file("b")});
        QCoreApplication::setOrganizationName(QStringLiteral("AdGenTest"));
        QVERIFY(!QSettings().contains(kKey));
    }

private:
    // An existing file in the temporary folder, so pruning keeps it.
    QString file(const QString& name) {
        const QString path = files_.filePath(name + QStringLiteral(".adgen.json"));
        QFile file(path);
        if (!file.exists() && file.open(QIODevice::WriteOnly)) file.write("{}");
        return path;
    }

    QTemporaryDir settingsHome_;
    QTemporaryDir files_;
};

QTEST_GUILESS_MAIN(TestRecentFiles)
#include "tst_recent_files.moc"
