// End to end: the real adgen-studio under Xvfb, driven like a designer would drive it.
#include <QDir>
#include <QFile>
#include <QGuiApplication>
#include <QImage>
#include <QJsonDocument>
#include <QProcess>
#include <QTemporaryDir>
#include <QUrl>
#include <QtTest>

#include "screenshot_path.h"
#include "studio_driver.h"

namespace {

QString fixture(const QString& name) { return QStringLiteral(ADGEN_FIXTURES_DIR "/images/") + name; }
// What `adgen inspect-image --json` says about a file: the studio must agree with the CLI.
QJsonObject inspectWithCli(const QString& path) {
    QProcess cli;
    cli.start(QStringLiteral(ADGEN_CLI_EXE), {QStringLiteral("inspect-image"), QStringLiteral("--json"), path});
    cli.waitForFinished(30000);
    return QJsonDocument::fromJson(cli.readAllStandardOutput()).object();
}

QStringList sellingPointsShown(StudioDriver& studio) {
    QStringList points;
    const int count = studio.property(QStringLiteral("sellingPointsList"), QStringLiteral("count")).toInt();
    for (int i = 0; i < count; ++i) points << studio.text(QStringLiteral("sellingPointField%1").arg(i));
    return points;
}

}  // namespace

class BriefEndToEnd : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void designerBuildsSavesAndReopensABrief();
    void badProductFilesAreExplainedAndKeepTheCurrentProduct();
    void droppedFilesLoadAndUnsavedChangesAreGuarded();
    void theLoadProductDialogLoadsTheChosenFile();
    void ctrlZAndCtrlShiftZUndoAndRedoEdits();
    void aCopiedProductFileIsPastedWithCtrlShiftV();
    void theRecentMenuListsAndReopensBriefs();
};

void BriefEndToEnd::designerBuildsSavesAndReopensABrief() {
    QTemporaryDir work;
    QVERIFY(work.isValid());
    QDir(work.path()).mkpath(QStringLiteral("images"));
    const QString product = work.filePath(QStringLiteral("images/bottle.png"));
    QVERIFY(QFile::copy(fixture(QStringLiteral("product_bottle.png")), product));
    const QString briefPath = work.filePath(QStringLiteral("bottle.adgen.json"));

    StudioDriver studio;
    QVERIFY2(studio.start({QStringLiteral("--product"), product}), qPrintable(studio.lastError()));

    // With no --model, the studio opens on the bundled demo model, loaded in the background; the
    // status bar names it.
    QTRY_VERIFY_WITH_TIMEOUT(studio.property(QStringLiteral("model"), QStringLiteral("ready")).toBool(), 60000);
    const QString modelShown = studio.text(QStringLiteral("modelLabel"));
    QVERIFY2(modelShown.startsWith(QStringLiteral("adgen-demo · Uni-AdGen · ")), qPrintable(modelShown));
    QVERIFY(!studio.isVisible(QStringLiteral("modelLoadProgress")));

    // The product shows with the same box and coverage the CLI reports.
    const QJsonObject expected = inspectWithCli(product);
    const QJsonObject box = expected.value("product_box").toObject();
    QVERIFY(!box.isEmpty());
    QCOMPARE(studio.text(QStringLiteral("productFileName")), QStringLiteral("bottle.png"));
    const QString summary = studio.text(QStringLiteral("productSummary"));
    QVERIFY2(summary.contains(QStringLiteral("%1 × %2 px").arg(expected.value("width").toInt()).arg(expected.value("height").toInt())),
             qPrintable(summary));
    QVERIFY2(summary.contains(QStringLiteral("product box %1, %2 – %3 × %4 px")
                                  .arg(box.value("x").toInt()).arg(box.value("y").toInt())
                                  .arg(box.value("width").toInt()).arg(box.value("height").toInt())),
             qPrintable(summary));
    QVERIFY2(summary.contains(QStringLiteral("coverage %1 %").arg(expected.value("coverage").toDouble() * 100, 0, 'f', 1)),
             qPrintable(summary));

    // The product-box outline sits on the box, scaled like the image.
    QVERIFY(studio.isVisible(QStringLiteral("productBoxOutline")));
    const QJsonObject painted = studio.property(QStringLiteral("cutoutImage"), QStringLiteral("paintedRect")).toObject();
    const double scale = studio.property(QStringLiteral("cutoutImage"), QStringLiteral("scale")).toDouble();
    QVERIFY(scale > 0);
    QVERIFY(qAbs(studio.property(QStringLiteral("productBoxOutline"), QStringLiteral("width")).toDouble() -
                 box.value("width").toInt() * scale) < 0.5);
    QVERIFY(qAbs(studio.property(QStringLiteral("productBoxOutline"), QStringLiteral("x")).toDouble() -
                 (painted.value("x").toDouble() + box.value("x").toInt() * scale)) < 0.5);

    // Selling points: type one and click Add; type a comma-separated list and press Enter.
    QVERIFY2(studio.type(QStringLiteral("newSellingPoint"), QStringLiteral("500 ml")), qPrintable(studio.lastError()));
    QVERIFY(studio.click(QStringLiteral("addSellingPoint")));
    QVERIFY(studio.type(QStringLiteral("newSellingPoint"), QStringLiteral("double-wall steel, leak-proof lid")));
    QVERIFY(studio.key(QStringLiteral("Return")));
    QTRY_COMPARE(sellingPointsShown(studio),
                 (QStringList{"500 ml", "double-wall steel", "leak-proof lid"}));

    // Reorder and remove with the row buttons.
    QVERIFY(studio.click(QStringLiteral("moveUp2")));
    QTRY_COMPARE(sellingPointsShown(studio), (QStringList{"500 ml", "leak-proof lid", "double-wall steel"}));
    QVERIFY(studio.click(QStringLiteral("remove0")));
    QTRY_COMPARE(sellingPointsShown(studio), (QStringList{"leak-proof lid", "double-wall steel"}));

    // Paste a list copied elsewhere (full-width separators, one repeat that is skipped).
    QVERIFY(studio.setClipboard(QStringLiteral("保温 12 小时，BPA free\nleak-proof lid")));
    QVERIFY(studio.click(QStringLiteral("pasteSellingPoints")));
    QTRY_COMPARE(sellingPointsShown(studio),
                 (QStringList{"leak-proof lid", "double-wall steel", "保温 12 小时", "BPA free"}));

    // Edit a point in place.
    QVERIFY(studio.setProperty(QStringLiteral("sellingPointField1"), QStringLiteral("text"), QStringLiteral("")));
    QVERIFY(studio.type(QStringLiteral("sellingPointField1"), QStringLiteral("double-wall stainless steel")));
    QVERIFY(studio.key(QStringLiteral("Return")));

    QVERIFY(studio.type(QStringLiteral("originalTitleField"), QStringLiteral("Thermo bottle TB-500")));
    QVERIFY(studio.type(QStringLiteral("descriptionField"), QStringLiteral("Keeps tea hot for a whole commute.")));
    QTRY_VERIFY(studio.property(QStringLiteral("brief"), QStringLiteral("modified")).toBool());
    QVERIFY(studio.screenshot(screenshotPath(QStringLiteral("brief-editing.png"))));

    // Save, as the Save As dialog does on accept.
    QVERIFY(studio.invoke(QStringLiteral("brief"), QStringLiteral("saveAs"), {briefPath}).toBool());
    QVERIFY(!studio.property(QStringLiteral("brief"), QStringLiteral("modified")).toBool());

    const QStringList savedPoints{"leak-proof lid", "double-wall stainless steel", "保温 12 小时", "BPA free"};
    QFile saved(briefPath);
    QVERIFY(saved.open(QIODevice::ReadOnly));
    const QJsonObject json = QJsonDocument::fromJson(saved.readAll()).object();
    QCOMPARE(json.value("format").toString(), QStringLiteral("adgen-brief"));
    QCOMPARE(json.value("product").toObject().value("image").toString(), QStringLiteral("images/bottle.png"));
    QCOMPARE(json.value("selling_points").toVariant().toStringList(), savedPoints);
    QCOMPARE(json.value("original_title").toString(), QStringLiteral("Thermo bottle TB-500"));
    QCOMPARE(json.value("description").toString(), QStringLiteral("Keeps tea hot for a whole commute."));

    // A later edit, then Ctrl+S, saves to the same file.
    QVERIFY(studio.type(QStringLiteral("newSellingPoint"), QStringLiteral("dishwasher safe")));
    QVERIFY(studio.key(QStringLiteral("Return")));
    QTRY_VERIFY(studio.property(QStringLiteral("brief"), QStringLiteral("modified")).toBool());
    QVERIFY(studio.key(QStringLiteral("Ctrl+S")));
    QTRY_VERIFY(!studio.property(QStringLiteral("brief"), QStringLiteral("modified")).toBool());
    QCOMPARE(studio.quit(), 0);

    // Reopen in a fresh studio: everything comes back.
    StudioDriver reopened;
    QVERIFY2(reopened.start({briefPath}), qPrintable(reopened.lastError()));
    QCOMPARE(sellingPointsShown(reopened), savedPoints + QStringList{"dishwasher safe"});
    QCOMPARE(reopened.text(QStringLiteral("originalTitleField")), QStringLiteral("Thermo bottle TB-500"));
    QCOMPARE(reopened.text(QStringLiteral("descriptionField")), QStringLiteral("Keeps tea hot for a whole commute."));
    QCOMPARE(reopened.text(QStringLiteral("productFileName")), QStringLiteral("bottle.png"));
    QCOMPARE(reopened.text(QStringLiteral("productSummary")), summary);
    QVERIFY(!reopened.property(QStringLiteral("brief"), QStringLiteral("modified")).toBool());
    QVERIFY(reopened.screenshot(screenshotPath(QStringLiteral("brief-reopened.png"))));

    // The screenshot shows the product over the checkerboard: the transparent top-left corner of
    // the image area is a grey checker square (R = G = B, light or dark), the middle of the
    // product box is the bottle's blue.
    const QImage shot(screenshotPath(QStringLiteral("brief-reopened.png")));
    QVERIFY(!shot.isNull());
    const QRectF cutoutInWindow = reopened.sceneRect(QStringLiteral("cutoutImage"));
    const QJsonObject area = reopened.property(QStringLiteral("cutoutImage"), QStringLiteral("paintedRect")).toObject();
    const QPointF imageOrigin = cutoutInWindow.topLeft() + QPointF(area.value("x").toDouble(), area.value("y").toDouble());
    const QColor lightSquare = shot.pixelColor((imageOrigin + QPointF(3, 3)).toPoint());
    const QColor darkSquare = shot.pixelColor((imageOrigin + QPointF(13, 3)).toPoint());
    QCOMPARE(lightSquare, QColor(255, 255, 255));
    QCOMPARE(darkSquare, QColor(204, 204, 204));
    const QRectF outline = reopened.sceneRect(QStringLiteral("productBoxOutline"));
    const QColor middle = shot.pixelColor(outline.center().toPoint() + QPoint(0, 20));
    QVERIFY2(middle.blue() > middle.red() + 60, qPrintable(middle.name()));
    QCOMPARE(reopened.quit(), 0);
}

void BriefEndToEnd::badProductFilesAreExplainedAndKeepTheCurrentProduct() {
    StudioDriver studio;
    QVERIFY2(studio.start({QStringLiteral("--product"), fixture(QStringLiteral("product_bottle.png"))}),
             qPrintable(studio.lastError()));
    QCOMPARE(studio.text(QStringLiteral("productFileName")), QStringLiteral("product_bottle.png"));

    const struct {
        const char* file;
        const char* message;
    } cases[] = {
        {"rgb_opaque.png", "no alpha channel"},
        {"truncated.png", "cannot be decoded"},
        {"not_an_image.png", "is not an image"},
        {"absent.png", "not found"},
    };
    for (const auto& badCase : cases) {
        QVERIFY(!studio.invoke(QStringLiteral("brief"), QStringLiteral("loadProduct"), {fixture(badCase.file)}).toBool());
        QVERIFY(studio.isVisible(QStringLiteral("productError")));
        const QString problem = studio.text(QStringLiteral("productErrorProblem"));
        QVERIFY2(problem.contains(QLatin1String(badCase.message)), qPrintable(problem));
        QCOMPARE(studio.text(QStringLiteral("productFileName")), QStringLiteral("product_bottle.png"));
        if (QLatin1String(badCase.file) == QLatin1String("rgb_opaque.png")) {
            QVERIFY(studio.screenshot(screenshotPath(QStringLiteral("product-error.png"))));
        }
    }
    QVERIFY(studio.click(QStringLiteral("productErrorDismiss")));
    QTRY_VERIFY(!studio.isVisible(QStringLiteral("productError")));
    QCOMPARE(studio.quit(), 0);
}

void BriefEndToEnd::droppedFilesLoadAndUnsavedChangesAreGuarded() {
    QTemporaryDir work;
    QVERIFY(work.isValid());
    StudioDriver studio;
    QVERIFY2(studio.start({}), qPrintable(studio.lastError()));
    QVERIFY(studio.isVisible(QStringLiteral("loadProductButton")));

    // A product PNG dropped on the product view loads; a text file dropped after it is refused.
    QVERIFY(studio.dropFiles(QStringLiteral("productView"), {fixture(QStringLiteral("product_bottle.png"))}));
    QTRY_COMPARE(studio.text(QStringLiteral("productFileName")), QStringLiteral("product_bottle.png"));
    QVERIFY(studio.dropFiles(QStringLiteral("productView"), {fixture(QStringLiteral("not_an_image.png"))}));
    QTRY_VERIFY(studio.isVisible(QStringLiteral("productError")));
    QCOMPARE(studio.text(QStringLiteral("productFileName")), QStringLiteral("product_bottle.png"));

    // Save a brief, change it, then drop the saved brief on the window: the unsaved change is
    // not thrown away silently; the studio asks, and cancelling keeps it.
    QVERIFY(studio.type(QStringLiteral("newSellingPoint"), QStringLiteral("first")));
    QVERIFY(studio.key(QStringLiteral("Return")));
    const QString briefPath = work.filePath(QStringLiteral("dropped.adgen.json"));
    QVERIFY(studio.invoke(QStringLiteral("brief"), QStringLiteral("saveAs"), {briefPath}).toBool());
    QVERIFY(studio.type(QStringLiteral("newSellingPoint"), QStringLiteral("unsaved")));
    QVERIFY(studio.key(QStringLiteral("Return")));
    QTRY_COMPARE(sellingPointsShown(studio), (QStringList{"first", "unsaved"}));

    QVERIFY(studio.dropFiles(QStringLiteral("productView"), {briefPath}));
    QTRY_VERIFY(studio.property(QStringLiteral("unsavedDialog"), QStringLiteral("visible")).toBool());
    QVERIFY(studio.screenshot(screenshotPath(QStringLiteral("unsaved-changes.png"))));
    QCOMPARE(sellingPointsShown(studio), (QStringList{"first", "unsaved"}));
    QVERIFY(studio.key(QStringLiteral("Escape")));
    QTRY_VERIFY(!studio.property(QStringLiteral("unsavedDialog"), QStringLiteral("visible")).toBool());
    QCOMPARE(sellingPointsShown(studio), (QStringList{"first", "unsaved"}));
    QVERIFY(studio.property(QStringLiteral("brief"), QStringLiteral("modified")).toBool());

    // With nothing unsaved, a brief dropped anywhere on the window (here: the text side) opens
    // straight away.
    QVERIFY(studio.key(QStringLiteral("Ctrl+S")));
    QTRY_VERIFY(!studio.property(QStringLiteral("brief"), QStringLiteral("modified")).toBool());
    QVERIFY(studio.invoke(QStringLiteral("brief"), QStringLiteral("newBrief")).isNull());
    QCOMPARE(sellingPointsShown(studio), QStringList{});
    QVERIFY(studio.dropFiles(QStringLiteral("briefEditor"), {briefPath}));
    QTRY_COMPARE(sellingPointsShown(studio), (QStringList{"first", "unsaved"}));
    QCOMPARE(studio.quit(), 0);
}

void BriefEndToEnd::theLoadProductDialogLoadsTheChosenFile() {
    StudioDriver studio;
    QVERIFY2(studio.start({}), qPrintable(studio.lastError()));
    QVERIFY(studio.click(QStringLiteral("loadProductButton")));
    QTRY_VERIFY(studio.property(QStringLiteral("productDialog"), QStringLiteral("visible")).toBool());
    // Go to the fixtures folder, click the file, click Open.
    QVERIFY(studio.setProperty(QStringLiteral("productDialog"), QStringLiteral("currentFolder"),
                               QUrl::fromLocalFile(QStringLiteral(ADGEN_FIXTURES_DIR "/images")).toString()));
    QTRY_VERIFY(studio.clickText(QStringLiteral("product_bottle.png")));
    QVERIFY(studio.screenshot(screenshotPath(QStringLiteral("load-product-dialog.png"))));
    QVERIFY2(studio.clickText(QStringLiteral("Open")), qPrintable(studio.lastError()));
    QTRY_COMPARE(studio.text(QStringLiteral("productFileName")), QStringLiteral("product_bottle.png"));
    QVERIFY(!studio.property(QStringLiteral("productDialog"), QStringLiteral("visible")).toBool());
    QCOMPARE(studio.quit(), 0);
}

void BriefEndToEnd::ctrlZAndCtrlShiftZUndoAndRedoEdits() {
    StudioDriver studio;
    QVERIFY2(studio.start({}), qPrintable(studio.lastError()));
    const QString brief = QStringLiteral("brief");
    const auto title = [&] { return studio.property(brief, QStringLiteral("originalTitle")).toString(); };
    const auto description = [&] { return studio.property(brief, QStringLiteral("description")).toString(); };

    // Three steps: typing in a field is one step, a typed list is one step.
    QVERIFY(studio.type(QStringLiteral("originalTitleField"), QStringLiteral("Thermo")));
    QVERIFY(studio.type(QStringLiteral("descriptionField"), QStringLiteral("Keeps tea hot")));
    QVERIFY(studio.type(QStringLiteral("newSellingPoint"), QStringLiteral("steel, 500 ml")));
    QVERIFY(studio.key(QStringLiteral("Return")));
    QTRY_COMPARE(sellingPointsShown(studio), (QStringList{"steel", "500 ml"}));
    QCOMPARE(studio.property(brief, QStringLiteral("undoText")).toString(), QStringLiteral("Add selling points"));

    // The focus is in the emptied entry field: Ctrl+Z undoes the brief, step by step, back to
    // the new brief, which is not modified.
    QVERIFY(studio.key(QStringLiteral("Ctrl+Z")));
    QTRY_COMPARE(sellingPointsShown(studio), QStringList{});
    QCOMPARE(title(), QStringLiteral("Thermo"));
    QCOMPARE(description(), QStringLiteral("Keeps tea hot"));
    QVERIFY(studio.key(QStringLiteral("Ctrl+Z")));
    QTRY_COMPARE(description(), QString());
    QCOMPARE(studio.text(QStringLiteral("descriptionField")), QString());
    QVERIFY(studio.key(QStringLiteral("Ctrl+Z")));
    QTRY_COMPARE(title(), QString());
    QCOMPARE(studio.text(QStringLiteral("originalTitleField")), QString());
    QVERIFY(!studio.property(brief, QStringLiteral("modified")).toBool());
    QVERIFY(!studio.property(QStringLiteral("undoButton"), QStringLiteral("enabled")).toBool());

    QVERIFY(studio.key(QStringLiteral("Ctrl+Shift+Z")));
    QTRY_COMPARE(studio.text(QStringLiteral("originalTitleField")), QStringLiteral("Thermo"));
    QVERIFY(studio.property(brief, QStringLiteral("modified")).toBool());

    // In a text field the keys are the brief's too, not the field's own undo (which would only
    // take back that field's typing).
    QVERIFY(studio.type(QStringLiteral("originalTitleField"), QString()));  // focus it
    QVERIFY(studio.key(QStringLiteral("Ctrl+Shift+Z")));
    QTRY_COMPARE(studio.text(QStringLiteral("descriptionField")), QStringLiteral("Keeps tea hot"));
    QVERIFY(studio.key(QStringLiteral("Ctrl+Y")));
    QTRY_COMPARE(sellingPointsShown(studio), (QStringList{"steel", "500 ml"}));
    QVERIFY(!studio.property(QStringLiteral("redoButton"), QStringLiteral("enabled")).toBool());
    QVERIFY(studio.key(QStringLiteral("Ctrl+Z")));
    QTRY_COMPARE(sellingPointsShown(studio), QStringList{});
    QCOMPARE(studio.text(QStringLiteral("originalTitleField")), QStringLiteral("Thermo"));

    // The toolbar buttons do the same.
    QVERIFY(studio.click(QStringLiteral("undoButton")));
    QTRY_COMPARE(studio.text(QStringLiteral("descriptionField")), QString());
    QVERIFY(studio.click(QStringLiteral("redoButton")));
    QTRY_COMPARE(studio.text(QStringLiteral("descriptionField")), QStringLiteral("Keeps tea hot"));
    QCOMPARE(studio.quit(), 0);
}

void BriefEndToEnd::aCopiedProductFileIsPastedWithCtrlShiftV() {
    StudioDriver studio;
    QVERIFY2(studio.start({}), qPrintable(studio.lastError()));
    // A file copied as a path (a file manager's "copy path"), then Ctrl+Shift+V.
    QVERIFY(studio.setClipboard(fixture(QStringLiteral("product_bottle.png"))));
    QVERIFY(studio.key(QStringLiteral("Ctrl+Shift+V")));
    QTRY_COMPARE(studio.text(QStringLiteral("productFileName")), QStringLiteral("product_bottle.png"));
    // Without alpha: refused with the file's message, the product stays.
    QVERIFY(studio.setClipboard(fixture(QStringLiteral("rgb_opaque.png"))));
    QVERIFY(studio.click(QStringLiteral("pasteProductToolButton")));
    QTRY_VERIFY(studio.isVisible(QStringLiteral("productError")));
    QVERIFY(studio.text(QStringLiteral("productErrorProblem")).contains(QStringLiteral("no alpha channel")));
    QCOMPARE(studio.text(QStringLiteral("productFileName")), QStringLiteral("product_bottle.png"));
    // The paste is one undo step.
    QVERIFY(studio.key(QStringLiteral("Ctrl+Z")));
    QTRY_VERIFY(studio.isVisible(QStringLiteral("loadProductButton")));
    QCOMPARE(studio.quit(), 0);
}

void BriefEndToEnd::theRecentMenuListsAndReopensBriefs() {
    QTemporaryDir work;
    QVERIFY(work.isValid());
    const QString product = work.filePath(QStringLiteral("bottle.png"));
    QVERIFY(QFile::copy(fixture(QStringLiteral("product_bottle.png")), product));
    const QString bottle = work.filePath(QStringLiteral("bottle.adgen.json"));
    const QString gone = work.filePath(QStringLiteral("gone.adgen.json"));
    const QString mug = work.filePath(QStringLiteral("mug.adgen.json"));
    const QString brief = QStringLiteral("brief");

    StudioDriver studio;
    QVERIFY2(studio.start({QStringLiteral("--product"), product}), qPrintable(studio.lastError()));
    QVERIFY(studio.type(QStringLiteral("newSellingPoint"), QStringLiteral("steel")));
    QVERIFY(studio.key(QStringLiteral("Return")));
    QVERIFY(studio.invoke(brief, QStringLiteral("saveAs"), {bottle}).toBool());
    QVERIFY(studio.invoke(brief, QStringLiteral("newBrief")).isNull());
    QVERIFY(studio.invoke(brief, QStringLiteral("saveAs"), {gone}).toBool());
    QVERIFY(studio.invoke(brief, QStringLiteral("saveAs"), {mug}).toBool());
    QVERIFY(QFile::remove(gone));

    // Newest first; the brief whose file is gone is not offered.
    QVERIFY(studio.click(QStringLiteral("recentFilesButton")));
    QTRY_VERIFY(studio.property(QStringLiteral("recentMenu"), QStringLiteral("opened")).toBool());
    const QString folder = QDir::toNativeSeparators(work.path());
    QCOMPARE(studio.text(QStringLiteral("recentBrief0")), QStringLiteral("mug.adgen.json  \u2014  ") + folder);
    QCOMPARE(studio.text(QStringLiteral("recentBrief1")), QStringLiteral("bottle.adgen.json  \u2014  ") + folder);
    QVERIFY(!studio.isVisible(QStringLiteral("recentBrief2")));
    QCOMPARE(studio.text(QStringLiteral("recentProduct0")), QStringLiteral("bottle.png  \u2014  ") + folder);
    QVERIFY(studio.screenshot(screenshotPath(QStringLiteral("recent-files-menu.png"))));

    // Choosing one opens it.
    QVERIFY(studio.click(QStringLiteral("recentBrief1")));
    QTRY_COMPARE(sellingPointsShown(studio), QStringList{QStringLiteral("steel")});
    QCOMPARE(studio.property(brief, QStringLiteral("filePath")).toString(), bottle);
    QCOMPARE(studio.text(QStringLiteral("productFileName")), QStringLiteral("bottle.png"));
    QVERIFY(!studio.property(brief, QStringLiteral("canUndo")).toBool());

    // With unsaved changes, the studio asks first; cancelling keeps them.
    QVERIFY(studio.type(QStringLiteral("originalTitleField"), QStringLiteral("unsaved")));
    QVERIFY(studio.click(QStringLiteral("recentFilesButton")));
    QTRY_VERIFY(studio.property(QStringLiteral("recentMenu"), QStringLiteral("opened")).toBool());
    QTRY_COMPARE(studio.text(QStringLiteral("recentBrief1")), QStringLiteral("mug.adgen.json  \u2014  ") + folder);
    QVERIFY(studio.click(QStringLiteral("recentBrief1")));
    QTRY_VERIFY(studio.property(QStringLiteral("unsavedDialog"), QStringLiteral("visible")).toBool());
    QVERIFY(studio.key(QStringLiteral("Escape")));
    QTRY_VERIFY(!studio.property(QStringLiteral("unsavedDialog"), QStringLiteral("visible")).toBool());
    QCOMPARE(studio.property(brief, QStringLiteral("filePath")).toString(), bottle);
    QCOMPARE(studio.text(QStringLiteral("originalTitleField")), QStringLiteral("unsaved"));
    QCOMPARE(studio.quit(), 0);
}

QTEST_MAIN(BriefEndToEnd)
#include "tst_brief_e2e.moc"
