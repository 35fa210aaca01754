#pragma once

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

// Measures how long the UI thread stops answering: a timer asks to run every `kTickMs`; the
// longest gap between two runs, less that interval, is the longest stall (an event handler,
// a layout or a paint that kept the thread busy). Frames cannot be drawn during a stall, so it
// bounds the worst frame time the designer sees.
class UiStallProbe final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(UiStallProbe)

public:
    static constexpr int kTickMs = 5;

    explicit UiStallProbe(QObject* parent = nullptr);

    void start();  // resets the figures
    void stop();
    bool running() const { return timer_.isActive(); }
    double longestStallMs() const { return longestStallMs_; }
    // Stalls longer than a 60 Hz frame, and longer than the studio's 50 ms target.
    int stallsOver16ms() const { return over16_; }
    int stallsOver50ms() const { return over50_; }
    int ticks() const { return ticks_; }

private:
    void tick();

    QTimer timer_;
    QElapsedTimer clock_;
    qint64 lastNs_ = 0;
    double longestStallMs_ = 0;
    int ticks_ = 0;
    int over16_ = 0;
    int over50_ = 0;
};
