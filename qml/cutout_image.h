#pragma once

#include <QImage>
#include <QQuickPaintedItem>
#include <QtQml/qqmlregistration.h>

// Paints a product cut-out scaled to fit, over a transparency checkerboard that covers exactly
// the image area (so the designer sees which pixels are transparent). Exposes where the image
// landed (`paintedRect`, `scale`) so overlays such as the product box can be placed on it.
// Not `final`: QML instantiates it through a subclass (QQmlPrivate::QQmlElement).
class CutoutImage : public QQuickPaintedItem {
    Q_OBJECT
    QML_ELEMENT
    Q_DISABLE_COPY_MOVE(CutoutImage)
    Q_PROPERTY(QImage image READ image WRITE setImage NOTIFY imageChanged)
    Q_PROPERTY(int checkerSize READ checkerSize WRITE setCheckerSize NOTIFY checkerSizeChanged)
    Q_PROPERTY(QRectF paintedRect READ paintedRect NOTIFY layoutChanged)
    Q_PROPERTY(double scale READ imageScale NOTIFY layoutChanged)

public:
    explicit CutoutImage(QQuickItem* parent = nullptr);

    QImage image() const { return image_; }
    void setImage(const QImage& image);
    int checkerSize() const { return checkerSize_; }
    void setCheckerSize(int size);
    // The image's rectangle in item coordinates (empty without an image).
    QRectF paintedRect() const;
    // Displayed pixels per image pixel; images are never enlarged beyond 4x.
    double imageScale() const;

    void paint(QPainter* painter) override;

Q_SIGNALS:
    void imageChanged();
    void checkerSizeChanged();
    void layoutChanged();

protected:
    void geometryChange(const QRectF& newGeometry, const QRectF& oldGeometry) override;

private:
    QImage image_;
    int checkerSize_ = 10;
};
