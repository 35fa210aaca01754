// Click pictures between files, the studio and the engine: decoded by the engine's decoder,
// scaled down to the library's size, handed to the generator pixel for pixel, and a picture that
// cannot be read is named with the line or click it belongs to.
#include <QTemporaryDir>
#include <QtTest>

#include "adgen/error.h"
#include "adgen/shopper_history.h"
#include "click_pictures.h"
#include "shopper_clicks.h"

namespace {

QString errorOf(const std::function<void()>& action) {
    try {
        action();
    } catch (const adgen::Error& e) {
        return QString::fromStdString(e.what());
    }
    return QStringLiteral("(no error)");
}

}  // namespace

class TestShopperClicks : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void shopperClicksCarryTheExactPixelsTitleAndSimilarity() {
        QImage image(3, 2, QImage::Format_RGBA8888);
        image.setPixelColor(0, 0, QColor(255, 0, 0, 255));
        image.setPixelColor(1, 0, QColor(0, 255, 0, 128));
        image.setPixelColor(2, 0, QColor(0, 0, 255, 0));
        image.setPixelColor(0, 1, QColor(10, 20, 30, 40));
        image.setPixelColor(1, 1, QColor(50, 60, 70, 80));
        image.setPixelColor(2, 1, QColor(90, 100, 110, 120));
        ProfileClick first;
        first.title = QStringLiteral("保温杯 蓝色");
        first.image = image;
        first.similarity = 0.4;
        ProfileClick second;
        second.title = QStringLiteral("Tent");
        second.image = clickPicture(5, 4, 1, false).convertToFormat(QImage::Format_RGB32);  // any format

        const std::vector<adgen::ShopperClick> clicks = toShopperClicks({first, second});
        QCOMPARE(clicks.size(), std::size_t(2));
        QCOMPARE(clicks[0].title, std::string("保温杯 蓝色"));
        QCOMPARE(clicks[0].similarity, std::optional<double>(0.4));
        QCOMPARE(clicks[0].image.width, 3);
        QCOMPARE(clicks[0].image.height, 2);
        const std::vector<std::uint8_t> expected = {255, 0, 0, 255, 0, 255, 0, 128, 0, 0, 255, 0,
                                                    10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 110, 120};
        QCOMPARE(clicks[0].image.pixels, expected);
        QVERIFY(!clicks[1].similarity.has_value());
        QCOMPARE(clicks[1].image.pixels.size(), std::size_t(5 * 4 * 4));
        QCOMPARE(clicks[1].image.pixels[3], std::uint8_t(255));  // opaque source: alpha 255
        const QColor corner = second.image.pixelColor(4, 3);
        QCOMPARE(int(clicks[1].image.pixels[(3 * 5 + 4) * 4 + 0]), corner.red());
        QCOMPARE(int(clicks[1].image.pixels[(3 * 5 + 4) * 4 + 2]), corner.blue());
    }

    void filesAreDecodedAndScaledToTheLibrarySize() {
        QTemporaryDir dir;
        const QImage small = clickPicture(40, 30, 2);
        const QString smallPath = writeClickPicture(dir.path(), QStringLiteral("small.png"), small);
        QCOMPARE(loadClickImage(smallPath), small);  // never scaled up, pixels as written
        const QString tallPath = writeClickPicture(dir.path(), QStringLiteral("tall.png"), clickPicture(300, 1200, 3));
        const QImage tall = loadClickImage(tallPath);
        QCOMPARE(tall.size(), QSize(128, kMaxClickImageSide));
        QCOMPARE(tall.format(), QImage::Format_RGBA8888);
    }

    void unreadablePicturesNameTheLineTitleAndPath() {
        QTemporaryDir dir;
        writeClickPicture(dir.path(), QStringLiteral("red.png"), clickPicture(4, 4, 1));
        const auto entries = adgen::parsePastedClickHistory("Red bottle | red.png\n\nBlue bottle | blue.png\n", dir.path().toStdString());
        const QString message = errorOf([&] { loadClickImages(entries, QStringLiteral("the pasted click history")); });
        QCOMPARE(message, QStringLiteral("Line 3 of the pasted click history (\"Blue bottle\", image %1/blue.png): Image file "
                                         "not found: %1/blue.png. Check the path or choose another file.")
                              .arg(dir.path()));

        const QString notAnImage = dir.filePath(QStringLiteral("notes.png"));
        QFile file(notAnImage);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("not a picture");
        file.close();
        const std::vector<adgen::ClickEntry> json = {{"Red", (dir.path() + "/red.png").toStdString(), std::nullopt, 0},
                                                     {"Notes", notAnImage.toStdString(), std::nullopt, 0}};
        const QString second = errorOf([&] { loadClickImages(json, QStringLiteral("h.json")); });
        QVERIFY2(second.startsWith(QStringLiteral("Click 2 of h.json (\"Notes\", image %1): notes.png").arg(notAnImage)),
                 qPrintable(second));
        QCOMPARE(loadClickImages({json[0]}, QStringLiteral("h.json")).size(), 1);
    }
};

QTEST_GUILESS_MAIN(TestShopperClicks)
#include "tst_shopper_clicks.moc"
