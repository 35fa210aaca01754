#include "ui_stall_probe.h"

#include <algorithm>

UiStallProbe::UiStallProbe(QObject* parent) : QObject(parent) {
    timer_.setInterval(kTickMs);
    timer_.setTimerType(Qt::PreciseTimer);
    connect(&timer_, &QTimer::timeout, this, &UiStallProbe::tick);
}

void UiStallProbe::start() {
    longestStallMs_ = 0;
    ticks_ = over16_ = over50_ = 0;
    clock_.start();
    lastNs_ = 0;
    timer_.start();
}

void UiStallProbe::stop() { timer_.stop(); }

void UiStallProbe::tick() {
    const qint64 now = clock_.nsecsElapsed();
    const double stall = static_cast<double>(now - lastNs_) / 1e6 - kTickMs;
    lastNs_ = now;
    ++ticks_;
    longestStallMs_ = std::max(longestStallMs_, stall);
    over16_ += stall > 16 ? 1 : 0;
    over50_ += stall > 50 ? 1 : 0;
}
