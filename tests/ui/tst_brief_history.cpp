#include <QtTest>

#include "brief_history.h"

namespace {

BriefSnapshot brief(const QString& title, const QString& description = {}, const QStringList& points = {}) {
    BriefSnapshot state;
    state.originalTitle = title;
    state.description = description;
    state.sellingPoints = points;
    return state;
}

const QString kTitle = QStringLiteral("originalTitle");
const QString kDescription = QStringLiteral("description");

}  // namespace

class TestBriefHistory : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void aFreshHistoryHasNothingToUndoAndIsSaved() {
        BriefHistory history;
        QVERIFY(!history.canUndo());
        QVERIFY(!history.canRedo());
        QVERIFY(history.atSavedState());
        QVERIFY(history.undoLabel().isEmpty());
    }

    void undoAndRedoWalkThroughTheStepsInOrder() {
        BriefHistory history;
        history.reset(brief({}));
        QVERIFY(history.record(brief("T"), "Edit original title", kTitle, 0));
        QVERIFY(history.record(brief("T", "D"), "Edit description", kDescription, 10));
        QVERIFY(history.record(brief("T", "D", {"a"}), "Add selling point", {}, 20));
        QCOMPARE(history.stepCount(), 3);
        QCOMPARE(history.undoLabel(), QStringLiteral("Add selling point"));

        QCOMPARE(history.undo(), brief("T", "D"));
        QCOMPARE(history.undoLabel(), QStringLiteral("Edit description"));
        QCOMPARE(history.redoLabel(), QStringLiteral("Add selling point"));
        QCOMPARE(history.undo(), brief("T"));
        QCOMPARE(history.undo(), brief({}));
        QVERIFY(!history.canUndo());
        QCOMPARE(history.redoLabel(), QStringLiteral("Edit original title"));

        QCOMPARE(history.redo(), brief("T"));
        QCOMPARE(history.redo(), brief("T", "D"));
        QCOMPARE(history.redo(), brief("T", "D", {"a"}));
        QVERIFY(!history.canRedo());
    }

    void typingInOneFieldWithinASecondIsOneStep() {
        BriefHistory history;
        history.reset(brief({}));
        history.record(brief("T"), "Edit original title", kTitle, 0);
        history.record(brief("Th"), "Edit original title", kTitle, 300);
        history.record(brief("The"), "Edit original title", kTitle, 600);
        // Measured from the last key, not the first: steady typing stays one step.
        history.record(brief("Ther"), "Edit original title", kTitle, 1500);
        QCOMPARE(history.stepCount(), 1);
        QCOMPARE(history.undo(), brief({}));
    }

    void aPauseOfASecondStartsANewStep() {
        BriefHistory history;
        history.reset(brief({}));
        history.record(brief("Thermo"), "Edit original title", kTitle, 0);
        history.record(brief("Thermo bottle"), "Edit original title", kTitle, BriefHistory::kCoalesceMs);
        QCOMPARE(history.stepCount(), 2);
        QCOMPARE(history.undo(), brief("Thermo"));
    }

    void anotherFieldOrEditStartsANewStep() {
        BriefHistory history;
        history.reset(brief({}));
        history.record(brief("T"), "Edit original title", kTitle, 0);
        history.record(brief("T", "D"), "Edit description", kDescription, 100);
        history.record(brief("Tx", "D"), "Edit original title", kTitle, 200);
        history.record(brief("Tx", "D", {"a"}), "Add selling point", {}, 300);
        history.record(brief("Tx", "D", {"a", "b"}), "Add selling point", {}, 400);
        // Edits without a group (list changes, products) never join.
        QCOMPARE(history.stepCount(), 5);
    }

    void typingThenDeletingItLeavesNoStep() {
        BriefHistory history;
        history.reset(brief("Saved"));
        history.record(brief("Savedx"), "Edit original title", kTitle, 0);
        history.record(brief("Saved"), "Edit original title", kTitle, 100);
        QCOMPARE(history.stepCount(), 0);
        QVERIFY(!history.canUndo());
        QVERIFY(history.atSavedState());
    }

    void recordingTheCurrentStateChangesNothing() {
        BriefHistory history;
        history.reset(brief("A"));
        QVERIFY(!history.record(brief("A"), "Load product", {}, 0));
        QCOMPARE(history.stepCount(), 0);
        QVERIFY(history.atSavedState());
    }

    void undoThenTypingStartsANewStepAndDropsTheRedo() {
        BriefHistory history;
        history.reset(brief({}));
        history.record(brief("A"), "Edit original title", kTitle, 0);
        history.record(brief("A", "D"), "Edit description", kDescription, 100);
        history.undo();
        // Typing right after an undo must not rewrite the state undo went back to.
        QVERIFY(history.record(brief("AB"), "Edit original title", kTitle, 150));
        QVERIFY(!history.canRedo());
        QCOMPARE(history.stepCount(), 2);
        QCOMPARE(history.undo(), brief("A"));
        QCOMPARE(history.undo(), brief({}));
    }

    void backAtTheSavedStateIsUnmodified() {
        BriefHistory history;
        history.reset(brief({}));
        history.record(brief("A"), "Edit original title", kTitle, 0);
        history.markSaved();
        QVERIFY(history.atSavedState());
        // Typing on after a save is a new step, so undo can return to the saved text.
        history.record(brief("AB"), "Edit original title", kTitle, 100);
        QCOMPARE(history.stepCount(), 2);
        QVERIFY(!history.atSavedState());
        history.undo();
        QVERIFY(history.atSavedState());
        history.undo();
        QVERIFY(!history.atSavedState());
        history.redo();
        QVERIFY(history.atSavedState());
    }

    void theSavedStateCutOffByANewBranchIsModifiedForever() {
        BriefHistory history;
        history.reset(brief({}));
        history.record(brief("A"), "Edit original title", kTitle, 0);
        history.markSaved();
        history.undo();
        history.record(brief({}, "D"), "Edit description", kDescription, 100);
        QVERIFY(!history.atSavedState());
        QCOMPARE(history.undo(), brief({}));
        QVERIFY(!history.atSavedState());
        QCOMPARE(history.redo(), brief({}, "D"));
        QVERIFY(!history.canRedo());
        QVERIFY(!history.atSavedState());
    }

    void resetForgetsEverything() {
        BriefHistory history;
        history.record(brief("A"), "Edit original title", kTitle, 0);
        history.record(brief("A", "D"), "Edit description", kDescription, 10);
        history.undo();
        history.reset(brief("Opened"));
        QVERIFY(!history.canUndo());
        QVERIFY(!history.canRedo());
        QVERIFY(history.atSavedState());
        QCOMPARE(history.current(), brief("Opened"));
    }

    void theOldestStepsAreForgottenBeyondTheLimit() {
        BriefHistory history;
        history.reset(brief({}));
        for (int i = 1; i <= BriefHistory::kMaxSteps + 5; ++i) {
            history.record(brief(QString::number(i)), "Add selling point", {}, i);
        }
        QCOMPARE(history.stepCount(), BriefHistory::kMaxSteps);
        int undone = 0;
        while (history.canUndo()) {
            history.undo();
            ++undone;
        }
        QCOMPARE(undone, BriefHistory::kMaxSteps);
        QCOMPARE(history.current(), brief(QStringLiteral("5")));
        // The opened state left the history: nothing on screen is the file any more.
        QVERIFY(!history.atSavedState());
    }

    void productImagesAreStatesToo() {
        BriefHistory history;
        history.reset(brief({}));
        BriefSnapshot withProduct = brief({});
        withProduct.product.filePath = QStringLiteral("/p.png");
        withProduct.product.image = QImage(4, 4, QImage::Format_RGBA8888);
        withProduct.product.image.fill(Qt::transparent);
        QVERIFY(history.record(withProduct, "Load product", {}, 0));
        // The same path with other pixels (the file was overwritten) is another state.
        BriefSnapshot repainted = withProduct;
        repainted.product.image = QImage(4, 4, QImage::Format_RGBA8888);
        repainted.product.image.fill(Qt::red);
        QVERIFY(history.record(repainted, "Load product", {}, 10));
        QCOMPARE(history.undo().product.image.pixelColor(0, 0), QColor(Qt::transparent));
        QVERIFY(history.undo().product.filePath.isEmpty());
    }
};

QTEST_APPLESS_MAIN(TestBriefHistory)
#include "tst_brief_history.moc"
