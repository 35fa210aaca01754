#include "adgen/engine.h"

#include "adgen/error.h"
#include "api/ad_session.h"
#include "api/generation_session.h"
#include "personalize/uniadgen_model.h"

#include <torch/torch.h>

#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

namespace adgen {

std::string toString(Device device) { return device == Device::Cuda ? "cuda" : "cpu"; }

std::string toString(DType dtype) {
    switch (dtype) {
        case DType::Float32: return "float32";
        case DType::BFloat16: return "bfloat16";
        case DType::Float16: return "float16";
    }
    return "?";
}

std::optional<Device> parseDevice(const std::string& text) {
    if (text == "cpu") return Device::Cpu;
    if (text == "cuda" || text == "gpu") return Device::Cuda;
    return std::nullopt;
}

std::optional<DType> parseDType(const std::string& text) {
    if (text == "float32" || text == "fp32" || text == "f32") return DType::Float32;
    if (text == "bfloat16" || text == "bf16") return DType::BFloat16;
    if (text == "float16" || text == "fp16" || text == "f16") return DType::Float16;
    return std::nullopt;
}

std::string toString(HistorySampling sampling) {
    switch (sampling) {
        case HistorySampling::ProductSimilarity: return "pss";
        case HistorySampling::Random: return "random";
        case HistorySampling::MostSimilar: return "most-similar";
    }
    return "?";
}

std::optional<HistorySampling> parseHistorySampling(const std::string& text) {
    if (text == "pss" || text == "product-similarity") return HistorySampling::ProductSimilarity;
    if (text == "random") return HistorySampling::Random;
    if (text == "most-similar" || text == "most_similar") return HistorySampling::MostSimilar;
    return std::nullopt;
}

std::string toString(Stage2Prompt mode) { return mode == Stage2Prompt::TrainConsistent ? "train-consistent" : "released"; }

std::optional<Stage2Prompt> parseStage2Prompt(const std::string& text) {
    if (text == "released") return Stage2Prompt::Released;
    if (text == "train-consistent" || text == "train_consistent") return Stage2Prompt::TrainConsistent;
    return std::nullopt;
}

std::string toString(Phase phase) {
    switch (phase) {
        case Phase::Queued: return "queued";
        case Phase::Prefill: return "prefill";
        case Phase::Text: return "text";
        case Phase::Image: return "image";
        case Phase::Decoding: return "decoding";
        case Phase::Finished: return "finished";
    }
    return "?";
}

namespace {

torch::ScalarType scalarType(DType d) {
    switch (d) {
        case DType::BFloat16: return torch::kBFloat16;
        case DType::Float16: return torch::kFloat16;
        case DType::Float32: break;
    }
    return torch::kFloat32;
}

}  // namespace

struct Engine::Impl {
    struct Job {
        uint64_t id = 0;
        std::shared_ptr<api::JobControl> control;
        std::optional<LoadRequest> load;
        LoadCallback loadCallback;
        GenerationRequest generation;
        std::optional<AdRequest> ad;
        EventCallback eventCallback;
    };

    mutable std::mutex mutex;
    std::condition_variable wake;
    std::condition_variable idle;
    std::deque<Job> queue;
    std::map<uint64_t, std::shared_ptr<api::JobControl>> controls;  // queued and running
    uint64_t nextId = 1;
    bool running = false;  // a job is being processed
    bool stopping = false;

    // Owned by the engine thread; `info` is the copy other threads read. A Uni-AdGen model is
    // held as `personalized` (which owns its Janus model), any other as `plain`.
    std::unique_ptr<personalize::UniAdGenModel> personalized;
    std::unique_ptr<model::JanusModel> plain;
    std::unique_ptr<nn::CodeColourPreview> colours;
    api::HistoryPictureCache historyPictures;
    std::optional<ModelInfo> info;
    std::thread thread;

    uint64_t submit(Job job) {
        std::lock_guard<std::mutex> lock(mutex);
        job.id = nextId++;
        job.control = std::make_shared<api::JobControl>();
        controls[job.id] = job.control;
        const auto id = job.id;
        queue.push_back(std::move(job));
        wake.notify_one();
        return id;
    }

    void loop() {
        for (;;) {
            Job job;
            {
                std::unique_lock<std::mutex> lock(mutex);
                wake.wait(lock, [&] { return stopping || !queue.empty(); });
                if (stopping && queue.empty()) return;
                job = std::move(queue.front());
                queue.pop_front();
                running = true;
            }
            if (job.load)
                runLoad(job);
            else
                runGeneration(job);
            std::lock_guard<std::mutex> lock(mutex);
            controls.erase(job.id);
            running = false;
            if (queue.empty()) idle.notify_all();
        }
    }

    void runLoad(const Job& job) {
        const auto& request = *job.load;
        const auto report = [&](LoadEvent e) {
            e.job = job.id;
            if (job.loadCallback) job.loadCallback(e);
        };
        try {
            if (job.control->cancelled) throw model::LoadCancelled{};
            if (request.device == Device::Cuda && !torch::cuda::is_available())
                throw Error("CUDA was requested, but this build of AdGen has no usable CUDA device.",
                            "Choose the CPU device, or run AdGen on a machine with an NVIDIA GPU and a CUDA build.");
            const int threads = request.threads > 0 ? request.threads
                                                    : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
            at::set_num_threads(threads);
            model::JanusModel::LoadOptions options;
            options.device = request.device == Device::Cuda ? torch::Device(torch::kCUDA) : torch::Device(torch::kCPU);
            options.dtype = scalarType(request.dtype);
            options.cancel = &job.control->cancelled;
            options.progress = [&](double f) {
                LoadEvent e;
                e.type = LoadEvent::Type::Progress;
                e.fraction = f;
                report(e);
            };
            torch::NoGradGuard noGrad;
            std::unique_ptr<personalize::UniAdGenModel> loadedPersonalized;
            std::unique_ptr<model::JanusModel> loadedPlain;
            if (personalize::UniAdGenModel::isPersonalized(model::loadModelConfig(request.modelDirectory)))
                loadedPersonalized = personalize::UniAdGenModel::load(request.modelDirectory, options);
            else
                loadedPlain = model::JanusModel::load(request.modelDirectory, options);
            const auto& janus = loadedPersonalized ? loadedPersonalized->janus() : *loadedPlain;
            std::unique_ptr<nn::CodeColourPreview> table;
            if (janus.vq()) table = std::make_unique<nn::CodeColourPreview>(*janus.vq());
            if (job.control->cancelled) throw model::LoadCancelled{};
            auto description = api::describe(janus, request.device, request.dtype);
            if (loadedPersonalized) api::describePersonalization(*loadedPersonalized, description);
            // Replace the working model only now that the new one is complete.
            personalized = std::move(loadedPersonalized);
            plain = std::move(loadedPlain);
            colours = std::move(table);
            {
                std::lock_guard<std::mutex> lock(mutex);
                info = description;
            }
            LoadEvent e;
            e.type = LoadEvent::Type::Loaded;
            e.info = description;
            report(e);
        } catch (const model::LoadCancelled&) {
            LoadEvent e;
            e.type = LoadEvent::Type::Cancelled;
            report(e);
        } catch (const Error& err) {
            LoadEvent e;
            e.type = LoadEvent::Type::Failed;
            e.error = err.problem();
            e.errorFix = err.fix();
            report(e);
        } catch (const std::exception& err) {
            LoadEvent e;
            e.type = LoadEvent::Type::Failed;
            e.error = std::string("Loading the model failed: ") + err.what();
            e.errorFix = "Check that the model directory is complete and that there is enough memory.";
            report(e);
        }
    }

    void runGeneration(const Job& job) {
        const auto& emit = job.eventCallback;
        const model::JanusModel* janus = personalized ? &personalized->janus() : plain.get();
        if (!janus) {
            GenerationEvent e;
            e.type = GenerationEvent::Type::Error;
            e.generation = job.id;
            e.error = "No model is loaded.";
            e.errorFix = "Load a model first (Settings > Model, or --model DIR).";
            emit(e);
            return;
        }
        if (job.control->cancelled) {
            GenerationEvent e;
            e.type = GenerationEvent::Type::Cancelled;
            e.generation = job.id;
            emit(e);
            return;
        }
        if (!job.ad) {
            api::runGeneration(*janus, colours.get(), job.id, job.generation, *job.control, emit);
        } else if (!personalized) {
            GenerationEvent e;
            e.type = GenerationEvent::Type::Error;
            e.generation = job.id;
            e.error = "The model " + janus->directory().string() + " is not a personalized (Uni-AdGen) model, so it cannot write ads for a shopper.";
            e.errorFix = "Load a Uni-AdGen model (its config.json has a \"uniadgen\" section), e.g. the bundled demo model.";
            emit(e);
        } else {
            api::runAdGeneration(*personalized, colours.get(), historyPictures, job.id, *job.ad, *job.control, emit);
        }
    }
};

Engine::Engine() : impl_(std::make_unique<Impl>()) {
    impl_->thread = std::thread([this] { impl_->loop(); });
}

Engine::~Engine() {
    cancelAll();
    {
        std::lock_guard<std::mutex> lock(impl_->mutex);
        impl_->stopping = true;
    }
    impl_->wake.notify_all();
    impl_->thread.join();
}

uint64_t Engine::loadModel(const LoadRequest& request, LoadCallback callback) {
    Impl::Job job;
    job.load = request;
    job.loadCallback = std::move(callback);
    return impl_->submit(std::move(job));
}

uint64_t Engine::generate(const GenerationRequest& request, EventCallback callback) {
    Impl::Job job;
    job.generation = request;
    job.eventCallback = callback ? std::move(callback) : [](const GenerationEvent&) {};
    return impl_->submit(std::move(job));
}

uint64_t Engine::generateAd(const AdRequest& request, EventCallback callback) {
    Impl::Job job;
    job.ad = request;
    job.eventCallback = callback ? std::move(callback) : [](const GenerationEvent&) {};
    return impl_->submit(std::move(job));
}

void Engine::cancel(uint64_t job) {
    std::lock_guard<std::mutex> lock(impl_->mutex);
    const auto it = impl_->controls.find(job);
    if (it != impl_->controls.end()) it->second->cancelled = true;
}

void Engine::cancelVariant(uint64_t generation, int variant) {
    if (variant < 0 || variant >= 32) return;
    std::lock_guard<std::mutex> lock(impl_->mutex);
    const auto it = impl_->controls.find(generation);
    if (it != impl_->controls.end()) it->second->cancelledVariants.fetch_or(1u << variant);
}

void Engine::cancelAll() {
    std::lock_guard<std::mutex> lock(impl_->mutex);
    for (auto& [id, control] : impl_->controls) control->cancelled = true;
}

std::optional<ModelInfo> Engine::modelInfo() const {
    std::lock_guard<std::mutex> lock(impl_->mutex);
    return impl_->info;
}

bool Engine::busy() const {
    std::lock_guard<std::mutex> lock(impl_->mutex);
    return impl_->running || !impl_->queue.empty();
}

void Engine::waitIdle() {
    std::unique_lock<std::mutex> lock(impl_->mutex);
    impl_->idle.wait(lock, [&] { return !impl_->running && impl_->queue.empty(); });
}

}  // namespace adgen
