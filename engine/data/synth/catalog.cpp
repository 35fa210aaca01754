#include "synth/catalog.h"

#include "synth/synth_random.h"

#include <cmath>
#include <cstdio>

namespace adgen::synth {
namespace {

// Colours a body may take per category: all but the ones that vanish on many scenes.
const std::vector<int> kAllColours = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};

}  // namespace

const std::vector<NamedColour>& namedColours() {
    static const std::vector<NamedColour> colours = {
        {{"Red", "红色"}, 0xC8372D},       {{"Navy", "藏青色"}, 0x23395D},   {{"Sky Blue", "天蓝色"}, 0x5DA9E9},
        {{"Forest Green", "墨绿色"}, 0x2F5D46}, {{"Mint", "薄荷绿"}, 0x8FD5B5},  {{"Mustard", "姜黄色"}, 0xD9A534},
        {{"Orange", "橙色"}, 0xE8772E},    {{"Pink", "粉色"}, 0xEE9AB0},     {{"Purple", "紫色"}, 0x7B4FA0},
        {{"Black", "黑色"}, 0x2A2B30},     {{"White", "白色"}, 0xF0F0EC},    {{"Grey", "灰色"}, 0x8C9096},
        {{"Beige", "米色"}, 0xD9C7A7},     {{"Brown", "棕色"}, 0x7A4E2D},    {{"Teal", "青色"}, 0x1F8A8A},
        {{"Silver", "银色"}, 0xBFC4CA},    {{"Coral", "珊瑚色"}, 0xF2705E},
    };
    return colours;
}

const std::vector<Brand>& catalogBrands() {
    static const std::vector<Brand> brands = {
        {{"Aurora", "极光"}, "AU"},    {{"Northpeak", "北峰"}, "NP"}, {{"Lumina", "光屿"}, "LM"},
        {{"Zenith", "天顶"}, "ZN"},    {{"Maple Home", "枫家"}, "MH"}, {{"Bluewave", "蓝浪"}, "BW"},
        {{"Kite", "风筝"}, "KT"},      {{"Pebble", "卵石"}, "PB"},    {{"Solstice", "夏至"}, "SL"},
        {{"Orchid", "兰亭"}, "OC"},    {{"Ember", "余烬"}, "EM"},     {{"Nimbus", "云朵"}, "NB"},
        {{"Harbor", "港湾"}, "HB"},    {{"Willow", "柳岸"}, "WL"},    {{"Crest", "峰尚"}, "CR"},
        {{"Tidal", "潮汐"}, "TD"},
    };
    return brands;
}

const std::vector<Category>& catalogCategories() {
    static const std::vector<Category> categories = {
        {"bottle",
         {"Bottle", "水瓶"},
         {{{"Insulated Bottle", "保温杯"}, {0}, {{"350ml", "350ml"}, {"500ml", "500ml"}, {"750ml", "750ml"}}},
          {{"Sports Bottle", "运动水壶"}, {1}, {{"600ml", "600ml"}, {"750ml", "750ml"}, {"1L", "1L"}}},
          {{"Water Bottle", "水瓶"}, {2}, {{"400ml", "400ml"}, {"550ml", "550ml"}}}},
         {{"Stainless Steel", "不锈钢"}, {"Tritan", "Tritan材质"}, {"Borosilicate Glass", "高硼硅玻璃"}},
         {{"Leak-Proof Lid", "防漏杯盖"}, {"Keeps Cold 24 Hours", "24小时保冷"}, {"Keeps Hot 12 Hours", "12小时保温"},
          {"BPA Free", "不含双酚A"}, {"One-Hand Open", "单手开盖"}, {"Lightweight", "轻量便携"},
          {"Dishwasher Safe", "可洗碗机清洗"}, {"Wide Mouth", "宽口设计"}},
         kAllColours},
        {"box",
         {"Box", "盒子"},
         {{{"Gift Box", "礼盒"}, {0, 1}, {{"20x15cm", "20x15cm"}, {"30x20cm", "30x20cm"}}},
          {{"Storage Box", "收纳盒"}, {2, 3}, {{"30L", "30L"}, {"45L", "45L"}, {"60L", "60L"}}},
          {{"Tea Gift Set", "茶叶礼盒"}, {0, 4}, {{"250g", "250g"}, {"500g", "500g"}}}},
         {{"Kraft Paper", "牛皮纸"}, {"Cardboard", "硬纸板"}, {"PP Plastic", "PP塑料"}, {"Bamboo", "竹制"}, {"Tinplate", "马口铁"}},
         {{"Stackable", "可叠放"}, {"Dust-Proof Lid", "防尘盖"}, {"Foldable", "可折叠"}, {"Gift Ready", "送礼佳品"},
          {"Large Capacity", "大容量"}, {"Eco-Friendly", "环保材质"}, {"Moisture-Proof", "防潮"}},
         kAllColours},
        {"can",
         {"Can", "罐装饮料"},
         {{{"Sparkling Water", "气泡水"}, {0}, {{"330ml", "330ml"}, {"500ml", "500ml"}}},
          {{"Cold Brew Coffee", "冷萃咖啡"}, {0}, {{"250ml", "250ml"}, {"330ml", "330ml"}}},
          {{"Energy Drink", "能量饮料"}, {0}, {{"250ml", "250ml"}, {"500ml", "500ml"}}}},
         {{"Aluminium Can", "铝罐"}},
         {{"Zero Sugar", "零糖"}, {"Zero Calories", "零卡路里"}, {"Natural Flavour", "天然风味"}, {"Rich Aroma", "浓郁香气"},
          {"Refreshing", "清爽解渴"}, {"Real Fruit Juice", "真实果汁"}, {"Energy Boost", "提神醒脑"},
          {"Recyclable Can", "可回收罐"}},
         kAllColours},
        {"shoe",
         {"Shoe", "鞋"},
         {{{"Running Shoes", "跑步鞋"}, {0}, {{"EU 36-45", "36-45码"}, {"EU 39-46", "39-46码"}}},
          {{"Sneakers", "板鞋"}, {1}, {{"EU 35-44", "35-44码"}}},
          {{"Hiking Boots", "登山靴"}, {2, 3}, {{"EU 38-46", "38-46码"}}}},
         {{"Mesh", "网面"}, {"Canvas", "帆布"}, {"Leather", "真皮"}, {"Suede", "麂皮"}},
         {{"Breathable", "透气"}, {"Cushioned Sole", "缓震鞋底"}, {"Non-Slip", "防滑耐磨"}, {"Lightweight", "轻便"},
          {"Waterproof", "防水"}, {"Arch Support", "足弓支撑"}, {"Easy to Clean", "易清洁"}},
         kAllColours},
        {"lamp",
         {"Lamp", "灯"},
         {{{"Desk Lamp", "台灯"}, {0}, {{"40cm", "40cm"}, {"45cm", "45cm"}}},
          {{"Floor Lamp", "落地灯"}, {0, 1}, {{"150cm", "150cm"}, {"165cm", "165cm"}}},
          {{"Bedside Lamp", "床头灯"}, {2, 1}, {{"35cm", "35cm"}, {"42cm", "42cm"}}}},
         {{"Metal", "金属"}, {"Linen Shade", "亚麻灯罩"}, {"Ceramic", "陶瓷"}},
         {{"Eye-Care Light", "护眼光源"}, {"Dimmable", "无极调光"}, {"Warm White", "暖白光"}, {"Touch Control", "触控开关"},
          {"USB Charging", "USB充电"}, {"Energy Saving LED", "节能LED"}, {"Adjustable Arm", "可调节灯臂"}},
         kAllColours},
        {"mug",
         {"Mug", "杯子"},
         {{{"Coffee Mug", "马克杯"}, {0, 1}, {{"350ml", "350ml"}, {"450ml", "450ml"}}},
          {{"Travel Mug", "随行杯"}, {2}, {{"400ml", "400ml"}, {"500ml", "500ml"}}},
          {{"Espresso Cup", "浓缩咖啡杯"}, {0, 1}, {{"80ml", "80ml"}, {"120ml", "120ml"}}}},
         {{"Ceramic", "陶瓷"}, {"Stoneware", "粗陶"}, {"Stainless Steel", "不锈钢"}},
         {{"Microwave Safe", "可微波加热"}, {"Dishwasher Safe", "可洗碗机清洗"}, {"Comfortable Handle", "舒适把手"},
          {"Spill-Proof Lid", "防溢杯盖"}, {"Keeps Warm", "长效保温"}, {"Hand-Glazed", "手工上釉"},
          {"Large Capacity", "大容量"}},
         kAllColours},
        {"chair",
         {"Chair", "椅子"},
         {{{"Dining Chair", "餐椅"}, {0, 2}, {{"Seat 45cm", "座高45cm"}, {"Seat 47cm", "座高47cm"}}},
          {{"Office Chair", "办公椅"}, {1, 3}, {{"Seat 42-52cm", "座高42-52cm"}}},
          {{"Lounge Chair", "休闲椅"}, {2, 3}, {{"Seat 40cm", "座高40cm"}, {"Seat 43cm", "座高43cm"}}}},
         {{"Solid Wood", "实木"}, {"Mesh", "网布"}, {"Velvet", "丝绒"}, {"Leather", "皮革"}},
         {{"Ergonomic", "人体工学"}, {"Sturdy Frame", "稳固框架"}, {"Easy Assembly", "安装简便"}, {"Soft Cushion", "柔软坐垫"},
          {"Lumbar Support", "腰部支撑"}, {"360° Swivel", "360度旋转"}, {"Scratch-Resistant", "耐刮耐磨"}},
         kAllColours},
        {"device",
         {"Device", "数码设备"},
         {{{"Smart Speaker", "智能音箱"}, {1, 0}, {{"20W", "20W"}, {"40W", "40W"}}},
          {{"Tablet", "平板电脑"}, {0, 2}, {{"10.1 inch", "10.1英寸"}, {"11 inch", "11英寸"}}},
          {{"Monitor", "显示器"}, {0, 2}, {{"24 inch", "24英寸"}, {"27 inch", "27英寸"}}}},
         {{"Aluminium", "铝合金"}, {"Fabric", "织物"}, {"Glass", "玻璃"}},
         {{"Voice Control", "语音控制"}, {"Long Battery Life", "超长续航"}, {"Hi-Fi Sound", "高保真音质"},
          {"HD Display", "高清屏幕"}, {"Fast Charging", "快充"}, {"Bluetooth 5.3", "蓝牙5.3"},
          {"Eye-Care Screen", "护眼屏"}},
         kAllColours},
    };
    return categories;
}

std::vector<std::string> Product::sellingPointTexts(Language l) const {
    std::vector<std::string> out;
    for (int i : sellingPoints) out.push_back(cat().sellingPoints[static_cast<size_t>(i)].in(l));
    return out;
}

namespace {

float colourDistance(uint32_t a, uint32_t b) {
    float d = 0.f;
    for (int s = 0; s < 24; s += 8) {
        const float x = static_cast<float>((a >> s) & 0xFF) - static_cast<float>((b >> s) & 0xFF);
        d += x * x;
    }
    return std::sqrt(d) / 255.f;
}

// Size of the product's box on the canvas by category and sub-type: plausible against the scenes'
// floor line (a chair fills more of the frame than a can), with some spread per product.
Placement placeFor(const Product& p, SynthRandom& rng) {
    Placement pl;
    float h = 0.5f, aspect = 0.5f;  // aspect = width / height
    switch (p.category) {
        case 0: h = static_cast<float>(rng.uniform(0.50, 0.60)), aspect = 0.30f + 0.10f * p.shape[5]; break;     // bottle
        case 1: h = static_cast<float>(rng.uniform(0.30, 0.40)), aspect = 1.15f + 0.35f * p.shape[5]; break;     // box
        case 2: h = static_cast<float>(rng.uniform(0.34, 0.42)), aspect = 0.50f + 0.10f * p.shape[5]; break;     // can
        case 3: h = static_cast<float>(rng.uniform(0.24, 0.29)), aspect = 2.20f + 0.30f * p.shape[5]; break;     // shoe
        case 4:                                                                                                    // lamp
            h = p.subtype == 1 ? static_cast<float>(rng.uniform(0.66, 0.72)) : static_cast<float>(rng.uniform(0.50, 0.60));
            aspect = p.subtype == 1 ? 0.50f + 0.08f * p.shape[5] : 0.62f + 0.14f * p.shape[5];
            break;
        case 5:                                                                                                    // mug
            h = p.subtype == 2 ? static_cast<float>(rng.uniform(0.22, 0.26)) : static_cast<float>(rng.uniform(0.30, 0.36));
            aspect = p.subtype == 1 ? 0.55f + 0.08f * p.shape[5] : (p.subtype == 2 ? 1.5f : 1.10f + 0.12f * p.shape[5]);
            break;
        case 6:                                                                                                    // chair
            h = static_cast<float>(rng.uniform(0.60, 0.68));
            aspect = p.subtype == 2 ? 0.95f + 0.1f * p.shape[5] : 0.68f + 0.08f * p.shape[5];
            break;
        default:                                                                                                   // device
            if (p.subtype == 0) h = static_cast<float>(rng.uniform(0.42, 0.50)), aspect = 0.52f + 0.12f * p.shape[5];
            else if (p.subtype == 1) h = static_cast<float>(rng.uniform(0.40, 0.46)), aspect = 1.15f + 0.1f * p.shape[5];
            else h = static_cast<float>(rng.uniform(0.46, 0.52)), aspect = 1.35f + 0.12f * p.shape[5];
            break;
    }
    pl.height = h;
    pl.width = std::min(0.78f, h * aspect);
    pl.centreX = static_cast<float>(rng.uniform(0.44, 0.56));
    pl.baseY = static_cast<float>(rng.uniform(0.86, 0.90));
    return pl;
}

}  // namespace

Product makeProduct(uint64_t seed, int category, int index) {
    auto rng = SynthRandom::stream(seed, "product", static_cast<uint64_t>(category) * 100000u + static_cast<uint64_t>(index));
    const Category& cat = catalogCategories()[static_cast<size_t>(category)];
    Product p;
    p.category = category;
    p.indexInCategory = index;
    char id[64];
    std::snprintf(id, sizeof id, "%s-%02d", cat.id.c_str(), index + 1);
    p.id = id;
    p.subtype = rng.integer(0, static_cast<int>(cat.subtypes.size()) - 1);
    // Five brands per category, chosen once per seed and category.
    auto brandRng = SynthRandom::stream(seed, "category-brands", static_cast<uint64_t>(category));
    const auto brands = brandRng.sample(static_cast<int>(catalogBrands().size()), 5);
    p.brand = brands[static_cast<size_t>(rng.integer(0, 4))];
    char model[32];
    std::snprintf(model, sizeof model, "%s-%d", catalogBrands()[static_cast<size_t>(p.brand)].modelPrefix.c_str(),
                  rng.integer(100, 999) * 10 + rng.integer(0, 9));
    p.model = model;
    p.colour = cat.colours[static_cast<size_t>(rng.integer(0, static_cast<int>(cat.colours.size()) - 1))];
    do {
        p.accent = rng.integer(0, static_cast<int>(namedColours().size()) - 1);
    } while (p.accent == p.colour ||
             colourDistance(namedColours()[static_cast<size_t>(p.accent)].rgb, namedColours()[static_cast<size_t>(p.colour)].rgb) < 0.35f);
    const auto& sub = cat.subtypes[static_cast<size_t>(p.subtype)];
    p.material = sub.materials[static_cast<size_t>(rng.integer(0, static_cast<int>(sub.materials.size()) - 1))];
    p.size = rng.integer(0, static_cast<int>(sub.sizes.size()) - 1);
    const int points = rng.integer(4, 5);
    p.sellingPoints = rng.sample(static_cast<int>(cat.sellingPoints.size()), points);
    for (auto& s : p.shape) s = static_cast<float>(rng.uniform());
    p.placement = placeFor(p, rng);
    return p;
}

std::string originalTitle(const Product& p, Language l) {
    if (l == Language::En)
        return p.brandName().en + " " + p.model + " " + p.sub().name.en + " " + p.colourName().en + " " + p.materialName().en +
               " " + p.sizeName().en;
    return p.brandName().zh + " " + p.model + " " + p.sub().name.zh + " " + p.colourName().zh + " " + p.materialName().zh +
           " " + p.sizeName().zh;
}

std::string productDescription(const Product& p, Language l) {
    const auto points = p.sellingPointTexts(l);
    std::string list;
    for (size_t i = 0; i < points.size(); ++i) list += (i ? (l == Language::En ? "; " : "、") : "") + points[i];
    if (l == Language::En)
        return "The " + p.brandName().en + " " + p.model + " " + p.sub().name.en + " comes in " + p.colourName().en + " " +
               p.materialName().en + ", size " + p.sizeName().en + ". Selling points: " + list + ".";
    return p.brandName().zh + p.model + p.sub().name.zh + "，" + p.colourName().zh + p.materialName().zh + "，规格" +
           p.sizeName().zh + "。卖点：" + list + "。";
}

std::string wordList(const Product& p, Language l) {
    const auto points = p.sellingPointTexts(l);
    std::string out;
    for (size_t i = 0; i < points.size(); ++i) out += (i ? (l == Language::En ? ", " : "，") : "") + points[i];
    return out;
}

}  // namespace adgen::synth
