#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QtTest>

#include "selling_points_model.h"

class TestSellingPointsModel : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init() {
        model_ = std::make_unique<SellingPointsModel>();
        tester_ = std::make_unique<QAbstractItemModelTester>(model_.get(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    }
    void cleanup() {
        tester_.reset();
        model_.reset();
    }

    void appendTrimsAndRejectsBlanksAndRepeats() {
        QVERIFY(model_->append(QStringLiteral("  500 ml ")));
        QVERIFY(!model_->append(QStringLiteral("   ")));
        QVERIFY(!model_->append(QStringLiteral("500 ml")));
        QCOMPARE(model_->points(), QStringList{QStringLiteral("500 ml")});
    }

    void pastedListAddsEachNewItemInOrder() {
        model_->append(QStringLiteral("steel"));
        const int added = model_->appendFromText(QStringLiteral("500 ml, steel；保温，轻便\n\nBPA free"));
        QCOMPARE(added, 4);
        QCOMPARE(model_->points(), (QStringList{"steel", "500 ml", "保温", "轻便", "BPA free"}));
    }

    void moveDownPlacesTheRowAtTheTarget() {
        model_->appendFromText(QStringLiteral("a,b,c,d"));
        QSignalSpy moved(model_.get(), &QAbstractItemModel::rowsMoved);
        QVERIFY(model_->move(0, 2));
        QCOMPARE(model_->points(), (QStringList{"b", "c", "a", "d"}));
        QCOMPARE(moved.count(), 1);
    }

    void moveUpPlacesTheRowAtTheTarget() {
        model_->appendFromText(QStringLiteral("a,b,c,d"));
        QVERIFY(model_->move(3, 1));
        QCOMPARE(model_->points(), (QStringList{"a", "d", "b", "c"}));
    }

    void moveOutOfRangeChangesNothing() {
        model_->appendFromText(QStringLiteral("a,b"));
        QVERIFY(!model_->move(0, 2));
        QVERIFY(!model_->move(-1, 0));
        QVERIFY(!model_->move(1, 1));
        QCOMPARE(model_->points(), (QStringList{"a", "b"}));
    }

    void removeDropsTheRow() {
        model_->appendFromText(QStringLiteral("a,b,c"));
        QVERIFY(model_->remove(1));
        QVERIFY(!model_->remove(5));
        QCOMPARE(model_->points(), (QStringList{"a", "c"}));
    }

    void setTextRefusesBlankAndRepeatsAndNotifiesOnChange() {
        model_->appendFromText(QStringLiteral("a,b"));
        QSignalSpy changed(model_.get(), &QAbstractItemModel::dataChanged);
        QVERIFY(!model_->setText(0, QStringLiteral(" ")));
        QVERIFY(!model_->setText(0, QStringLiteral("b")));
        QVERIFY(model_->setText(0, QStringLiteral("alpha")));
        QCOMPARE(changed.count(), 1);
        QCOMPARE(model_->data(model_->index(0), SellingPointsModel::TextRole).toString(), QStringLiteral("alpha"));
    }

    void setDataThroughTheModelInterfaceEdits() {
        model_->append(QStringLiteral("a"));
        QVERIFY(model_->setData(model_->index(0), QStringLiteral("z"), Qt::EditRole));
        QCOMPARE(model_->textAt(0), QStringLiteral("z"));
        QVERIFY(model_->flags(model_->index(0)).testFlag(Qt::ItemIsEditable));
    }

    void userEditsAreReportedButLoadingIsNot() {
        QSignalSpy edited(model_.get(), &SellingPointsModel::edited);
        model_->setPoints({QStringLiteral("a"), QStringLiteral("a"), QStringLiteral(" "), QStringLiteral("b")});
        QCOMPARE(edited.count(), 0);
        QCOMPARE(model_->points(), (QStringList{"a", "b"}));
        model_->append(QStringLiteral("c"));
        model_->move(0, 1);
        model_->remove(0);
        QCOMPARE(edited.count(), 3);
    }

    void aListAddedAtOnceIsOneEditThatSaysSo() {
        QSignalSpy edited(model_.get(), &SellingPointsModel::edited);
        QCOMPARE(model_->appendFromText(QStringLiteral("a, b; c")), 3);
        QCOMPARE(edited.count(), 1);
        QCOMPARE(edited.at(0).at(0).value<SellingPointsModel::Edit>(), SellingPointsModel::Edit::AddedList);
        QCOMPARE(model_->appendFromText(QStringLiteral("a, d")), 1);
        QCOMPARE(edited.at(1).at(0).value<SellingPointsModel::Edit>(), SellingPointsModel::Edit::Added);
        QCOMPARE(model_->appendFromText(QStringLiteral("a, b")), 0);
        QCOMPARE(edited.count(), 2);  // nothing added, nothing to undo
    }

    void countFollowsRows() {
        QSignalSpy count(model_.get(), &SellingPointsModel::countChanged);
        model_->appendFromText(QStringLiteral("a,b"));
        QCOMPARE(model_->property("count").toInt(), 2);
        QCOMPARE(count.count(), 2);
    }

    void exposesTheTextRoleToQml() {
        QCOMPARE(model_->roleNames().value(SellingPointsModel::TextRole), QByteArray("text"));
    }

private:
    std::unique_ptr<SellingPointsModel> model_;
    std::unique_ptr<QAbstractItemModelTester> tester_;
};

QTEST_GUILESS_MAIN(TestSellingPointsModel)
#include "tst_selling_points_model.moc"
