#pragma once

#include <QColor>
#include <QImage>

// The picture of one variant while it is rendered, so the designer sees the ad fill in token by
// token: every drawn image token paints its cell in the code's preview colour at once, and each
// decoded partial image (the engine sends one every few rows) replaces the rows it covers with
// real pixels. The finished image replaces everything.
class VariantCanvas final {
public:
    // `grid` image tokens per side, `size` pixels per side of the decoded image.
    VariantCanvas(int grid, int size);

    // One image token at (row, col) in its preview colour. Rows a decoded preview already shows
    // are left alone: the preview is the better picture of them.
    void paintToken(int row, int col, QColor colour);
    // A partial decode that is valid for the first `rows` token rows (the rows drawn so far).
    void paintPreview(const QImage& preview, int rows);
    void setFinal(const QImage& image);

    const QImage& image() const { return image_; }
    int grid() const { return grid_; }
    // Token rows shown with decoded pixels (all of them once the image is final).
    int decodedRows() const { return decodedRows_; }
    // Image tokens painted so far (final: grid * grid).
    int tokensPainted() const { return tokensPainted_; }

private:
    QRect cell(int row, int col) const;

    int grid_;
    int size_;
    QImage image_;
    int decodedRows_ = 0;
    int tokensPainted_ = 0;
};
