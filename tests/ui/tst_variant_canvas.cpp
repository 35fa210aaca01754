// VariantCanvas: the picture of a variant while it renders. Tokens paint their cells, decoded
// previews replace the rows they cover, the final image replaces everything.
#include <QtTest>

#include "variant_canvas.h"

class TestVariantCanvas : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void startsAsAnEvenPendingGrey() {
        VariantCanvas canvas(4, 40);
        QCOMPARE(canvas.image().size(), QSize(40, 40));
        QCOMPARE(canvas.image().pixel(0, 0), canvas.image().pixel(39, 39));
        QCOMPARE(canvas.tokensPainted(), 0);
        QCOMPARE(canvas.decodedRows(), 0);
    }

    void aTokenPaintsExactlyItsCell() {
        VariantCanvas canvas(4, 40);
        const QRgb pending = canvas.image().pixel(0, 0);
        canvas.paintToken(1, 2, QColor(255, 0, 0));
        QCOMPARE(canvas.image().pixel(20, 10), qRgb(255, 0, 0));  // the cell's top-left
        QCOMPARE(canvas.image().pixel(29, 19), qRgb(255, 0, 0));  // its bottom-right
        QCOMPARE(canvas.image().pixel(30, 10), pending);          // the next cell
        QCOMPARE(canvas.image().pixel(20, 20), pending);          // the row below
        QCOMPARE(canvas.tokensPainted(), 1 * 4 + 2 + 1);
    }

    void cellsTileASizeTheGridDoesNotDivide() {
        VariantCanvas canvas(3, 10);
        for (int r = 0; r < 3; ++r)
            for (int c = 0; c < 3; ++c) canvas.paintToken(r, c, QColor(0, 0, 255));
        for (int y = 0; y < 10; ++y)
            for (int x = 0; x < 10; ++x) QCOMPARE(canvas.image().pixel(x, y), qRgb(0, 0, 255));
        QCOMPARE(canvas.tokensPainted(), 9);
    }

    void aPreviewReplacesTheRowsItCoversAndTokensDoNotPaintOverIt() {
        VariantCanvas canvas(4, 40);
        for (int c = 0; c < 4; ++c) canvas.paintToken(0, c, QColor(255, 0, 0));
        QImage preview(40, 40, QImage::Format_RGB888);
        preview.fill(QColor(0, 255, 0));
        canvas.paintPreview(preview, 1);
        QCOMPARE(canvas.decodedRows(), 1);
        QCOMPARE(canvas.image().pixel(5, 5), qRgb(0, 255, 0));
        const QRgb pending = canvas.image().pixel(5, 15);
        QVERIFY(pending != qRgb(0, 255, 0));  // row 1 is not covered by the preview
        canvas.paintToken(0, 0, QColor(255, 0, 0));  // a late token of a decoded row
        QCOMPARE(canvas.image().pixel(5, 5), qRgb(0, 255, 0));
        canvas.paintToken(1, 0, QColor(255, 0, 0));
        QCOMPARE(canvas.image().pixel(5, 15), qRgb(255, 0, 0));
    }

    void aSmallerPreviewIsScaledToTheCanvas() {
        VariantCanvas canvas(4, 40);
        QImage preview(20, 20, QImage::Format_RGB888);
        preview.fill(QColor(10, 20, 30));
        canvas.paintPreview(preview, 2);
        QCOMPARE(canvas.image().pixel(39, 19), qRgb(10, 20, 30));
        QVERIFY(canvas.image().pixel(39, 20) != qRgb(10, 20, 30));
    }

    void theFinalImageReplacesEverything() {
        VariantCanvas canvas(4, 40);
        canvas.paintToken(0, 0, QColor(255, 0, 0));
        QImage final(40, 40, QImage::Format_RGB888);
        final.fill(QColor(1, 2, 3));
        canvas.setFinal(final);
        QCOMPARE(canvas.image().pixel(0, 0), qRgb(1, 2, 3));
        QCOMPARE(canvas.image().pixel(39, 39), qRgb(1, 2, 3));
        QCOMPARE(canvas.tokensPainted(), 16);
        QCOMPARE(canvas.decodedRows(), 4);
    }

    void tokensOutsideTheGridAreIgnored() {
        VariantCanvas canvas(4, 40);
        const QImage before = canvas.image();
        canvas.paintToken(4, 0, QColor(255, 0, 0));
        canvas.paintToken(0, -1, QColor(255, 0, 0));
        QCOMPARE(canvas.image(), before);
        QCOMPARE(canvas.tokensPainted(), 0);
    }
};

QTEST_GUILESS_MAIN(TestVariantCanvas)
#include "tst_variant_canvas.moc"
